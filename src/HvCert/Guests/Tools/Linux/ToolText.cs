using System.Globalization;

namespace HvCert.Guests.Tools.Linux;

/// <summary>Small helpers shared by the Linux guest-command parsers. Guest output is untrusted: nothing here throws on odd input.</summary>
internal static class ToolText
{
    public static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    public static long? Long(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static ulong? Hex(string? text)
    {
        var t = text?.Trim() ?? string.Empty;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }

        return ulong.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>Lowercase hex digits only, so "0x5000C500A1B2C3D4", "naa.5000c500a1b2c3d4" and "wwn-0x5000c5..." compare equal.</summary>
    public static string HexDigits(string? text)
    {
        var t = (text ?? string.Empty).Trim().ToLowerInvariant();
        foreach (var prefix in new[] { "wwn-", "naa.", "eui.", "0x" })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal))
            {
                t = t[prefix.Length..];
            }
        }

        return new string(t.Where(Uri.IsHexDigit).ToArray());
    }
}
