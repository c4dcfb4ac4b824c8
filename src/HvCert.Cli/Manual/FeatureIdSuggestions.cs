using HvCert.Catalog;

namespace HvCert.Cli.Manual;

/// <summary>"Did you mean" for a mistyped feature id: the closest catalog ids by edit distance or by substring.</summary>
internal static class FeatureIdSuggestions
{
    public static IReadOnlyList<string> For(string typed)
    {
        var t = typed.Trim().ToLowerInvariant();
        return FeatureCatalog.All
            .Select(f => (f.Id, Score: Math.Min(Distance(t, f.Id), f.Id.Contains(t, StringComparison.Ordinal) || f.IsNamed(typed) ? 0 : int.MaxValue)))
            .Where(x => x.Score <= Math.Max(3, t.Length / 3))
            .OrderBy(x => x.Score).ThenBy(x => x.Id, StringComparer.Ordinal)
            .Take(3).Select(x => x.Id).ToList();
    }

    private static int Distance(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            d[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var prev = d[0];
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = tmp;
            }
        }

        return d[b.Length];
    }
}
