using System.Globalization;

namespace HvCert.Guests.Tools.Linux;

internal enum SecureBootState
{
    Unknown,
    Enabled,
    Disabled,

    /// <summary>No EFI variables (BIOS boot) or firmware without Secure Boot.</summary>
    Unsupported,
}

/// <summary><c>mokutil --sb-state</c>: "SecureBoot enabled", "SecureBoot disabled" (+ "Platform is in Setup Mode"), "EFI variables are not supported on this system".</summary>
internal static class MokutilParser
{
    public static SecureBootState Parse(string text)
    {
        foreach (var line in ToolText.Lines(text).Select(l => l.Trim()))
        {
            if (line.Equals("SecureBoot enabled", StringComparison.OrdinalIgnoreCase))
            {
                return SecureBootState.Enabled;
            }

            if (line.Equals("SecureBoot disabled", StringComparison.OrdinalIgnoreCase))
            {
                return SecureBootState.Disabled;
            }

            if (line.Contains("EFI variables are not supported", StringComparison.OrdinalIgnoreCase)
                || line.Contains("doesn't support Secure Boot", StringComparison.OrdinalIgnoreCase))
            {
                return SecureBootState.Unsupported;
            }
        }

        return SecureBootState.Unknown;
    }
}

/// <summary>
/// The SecureBoot EFI variable read with <c>od -An -t u1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-…</c>: four attribute
/// bytes (6 0 0 0 or 7 0 0 0) then one data byte, 1 = enabled. "No such file" output means no variable (not an EFI boot).
/// </summary>
internal static class EfiVariableParser
{
    public static IReadOnlyList<byte> Bytes(string text)
    {
        var bytes = new List<byte>();
        foreach (var token in ToolText.Lines(text).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!byte.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                return [];
            }

            bytes.Add(b);
        }

        return bytes;
    }

    public static SecureBootState SecureBoot(string text)
    {
        var bytes = Bytes(text);
        return bytes.Count switch
        {
            5 => bytes[4] == 1 ? SecureBootState.Enabled : SecureBootState.Disabled,
            _ when text.Contains("No such file", StringComparison.Ordinal) => SecureBootState.Unsupported,
            _ => SecureBootState.Unknown,
        };
    }
}

internal sealed record FirmwareBoot(bool Efi, int? PlatformBits);

/// <summary>
/// Output of <c>ls -d /sys/firmware/efi; cat /sys/firmware/efi/fw_platform_size</c>: the directory path when the kernel
/// booted through UEFI ("No such file or directory" otherwise), then 64 or 32.
/// </summary>
internal static class EfiPresenceParser
{
    public static FirmwareBoot Parse(string text)
    {
        var lines = ToolText.Lines(text).Select(l => l.Trim()).ToList();
        var efi = lines.Any(l => l == "/sys/firmware/efi");
        var bits = lines.Select(ToolText.Long).FirstOrDefault(v => v is 32 or 64);
        return new FirmwareBoot(efi, efi ? (int?)bits : null);
    }
}
