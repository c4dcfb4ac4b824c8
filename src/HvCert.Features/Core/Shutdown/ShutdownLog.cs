namespace HvCert.Features.Core.Shutdown;

/// <summary>Lines that only a guest's own orderly shutdown prints on its console (systemd and the kernel's power-off path).</summary>
internal static class ShutdownLog
{
    public static readonly string[] Markers =
    [
        "reboot: Power down",
        "systemd-shutdown[1]:",
        "Reached target System Power Off",
        "Reached target Power-Off",
        "hv_utils: Shutdown request received",
        "System is powering down",
        "Power key pressed",
    ];

    /// <summary>What the console printed after <paramref name="fromChars"/>, capped to the last 8 KiB.</summary>
    public static string Tail(string serial, int fromChars)
    {
        var start = Math.Clamp(fromChars, 0, serial.Length);
        var text = serial[start..];
        return text.Length <= 8192 ? text : text[^8192..];
    }

    /// <summary>The markers present, in the order they last appear (the final one is what the guest printed last).</summary>
    public static IReadOnlyList<string> Found(string text) =>
        Markers.Where(m => text.Contains(m, StringComparison.Ordinal)).OrderBy(m => text.LastIndexOf(m, StringComparison.Ordinal)).ToList();
}
