namespace HvCert.Validation;

/// <summary>"Did you mean" for misspelt ids and keys, by Levenshtein distance.</summary>
public static class Suggest
{
    /// <summary>The closest candidate within a distance that still looks like a typo, or null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(input.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        var limit = Math.Max(2, input.Length / 3);
        return best.Candidate is not null && best.Distance <= limit ? best.Candidate : null;
    }

    /// <summary>" Did you mean 'x'?" or an empty string.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } hit ? $" Did you mean '{hit}'?" : "";

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
