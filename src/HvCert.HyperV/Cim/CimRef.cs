namespace HvCert.HyperV.Cim;

/// <summary>
/// A reference to one CIM instance: namespace, class and key properties. WMI returns references with keys only,
/// so callers re-read the instance after a job (hyperv-wmi.md §1.5).
/// </summary>
public sealed record CimRef(string Namespace, string ClassName, IReadOnlyDictionary<string, string> Keys)
{
    public const string VirtualizationV2 = @"root\virtualization\v2";

    public static CimRef Of(string className, params (string Key, string Value)[] keys) =>
        new(VirtualizationV2, className, keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.OrdinalIgnoreCase));

    public string? Key(string name) => Keys.TryGetValue(name, out var v) ? v : null;

    /// <summary>
    /// The WMI object path Hyper-V expects in string-typed reference properties such as RASD <c>Parent</c> and
    /// <c>HostResource</c>: <c>\\SERVER\root\virtualization\v2:Class.Key="value",...</c>, with backslashes and quotes escaped.
    /// </summary>
    public string ToWmiPath(string server)
    {
        var keys = string.Join(",", Keys.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => $"{k.Key}=\"{k.Value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""));
        return $@"\\{server}\{Namespace}:{ClassName}.{keys}";
    }

    /// <summary>Parses the path form back (the reader of <see cref="ToWmiPath"/>, and of paths WMI hands out).</summary>
    public static CimRef ParseWmiPath(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var dot = path.IndexOf('.', colon + 1);
        if (colon < 0 || dot < 0)
        {
            throw new FormatException($"not a WMI object path: {path}");
        }

        var prefix = path[..colon];
        var ns = prefix.StartsWith(@"\\", StringComparison.Ordinal) ? prefix[(prefix.IndexOf('\\', 2) + 1)..] : prefix;
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = path[(dot + 1)..];
        var i = 0;
        while (i < rest.Length)
        {
            var eq = rest.IndexOf('=', i);
            var name = rest[i..eq];
            var value = new System.Text.StringBuilder();
            var j = eq + 2; // skip ="
            for (; j < rest.Length && rest[j] != '"'; j++)
            {
                if (rest[j] == '\\' && j + 1 < rest.Length)
                {
                    j++;
                }

                value.Append(rest[j]);
            }

            keys[name] = value.ToString();
            i = j + 2; // skip ",
        }

        return new CimRef(ns, path[(colon + 1)..dot], keys);
    }

    public override string ToString() => ToWmiPath(".");
}
