using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace HvCert.Evidence;

/// <summary>
/// Removes secrets a guest (or a host tool) printed before they reach evidence.jsonl or any report: PEM private keys
/// (OpenSSH, RSA, EC, PKCS#8, encrypted), <c>password=</c>/<c>token=</c>-style pairs, and secrets registered by the run
/// itself (its SSH private key). Each is replaced by <c>[redacted: kind]</c>, which <see cref="CountIn"/> counts for the
/// run summary. Idempotent: redacting redacted text changes nothing.
/// </summary>
public static partial class Redaction
{
    public const string Marker = "[redacted: ";

    private static readonly ConcurrentDictionary<string, string> Registered = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers the run's own secret (e.g. its SSH private key file's text): the whole text and each long line of it
    /// (a guest echoing one base64 line of the key is caught too).
    /// </summary>
    public static void Register(string secret, string kind)
    {
        foreach (var part in secret.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 24 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Registered[part] = kind;
        }
    }

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = PemKey().Replace(text, "[redacted: private key]");
        result = Pair().Replace(result, m => $"{m.Groups["key"].Value}{m.Groups["sep"].Value}[redacted: {Kind(m.Groups["key"].Value)}]");
        foreach (var (secret, kind) in Registered)
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, $"[redacted: {kind}]", StringComparison.Ordinal);
            }
        }

        return result;
    }

    /// <summary>How many redactions the evidence holds (every string field of every event).</summary>
    public static int CountIn(IEnumerable<EvidenceEvent> events)
    {
        var count = 0;
        foreach (var e in events)
        {
            EvidenceText.Map(e, s =>
            {
                for (var i = s.IndexOf(Marker, StringComparison.Ordinal); i >= 0; i = s.IndexOf(Marker, i + 1, StringComparison.Ordinal))
                {
                    count++;
                }

                return s;
            });
        }

        return count;
    }

    private static string Kind(string key) =>
        key.Contains("token", StringComparison.OrdinalIgnoreCase) ? "token"
        : key.Contains("pass", StringComparison.OrdinalIgnoreCase) || key.Contains("pwd", StringComparison.OrdinalIgnoreCase) ? "password"
        : "secret";

    // The END line may be missing when output was capped: then everything from BEGIN to the end of the text goes.
    [GeneratedRegex(@"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$(?![\s\S]))")]
    private static partial Regex PemKey();

    // key=value or key: value, the value quoted or up to whitespace; an already redacted value is left alone.
    [GeneratedRegex(@"(?<key>\b(?:[A-Za-z0-9_]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key)[A-Za-z0-9_]*))(?<sep>[ \t]*[=:][ \t]*)(?!\[redacted: )(?<value>""[^""\n]*""|'[^'\n]*'|[^\s""',;&]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Pair();
}
