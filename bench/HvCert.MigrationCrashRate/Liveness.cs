using System.Globalization;
using System.Text.RegularExpressions;
using HvCert.Qemu.Lab;

namespace HvCert.MigrationCrashRate;

/// <summary>How a dead guest died, from the destination's process, QMP status and serial console.</summary>
internal static partial class Liveness
{
    [GeneratedRegex(@"Kernel panic|Oops|BUG: |general protection fault|invalid opcode|unable to handle|double fault|RIP: ", RegexOptions.IgnoreCase)]
    private static partial Regex PanicLine();

    public static (string Boot, double Uptime)? ParseBootState(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length >= 2 && double.TryParse(lines[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var up) ? (lines[0], up) : null;
    }

    /// <summary>The first panic-looking line of the current QEMU instance's serial log, or null.</summary>
    public static string? PanicIn(QemuVm vm)
    {
        var path = vm.Options.Files.SerialLog;
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').FirstOrDefault(l => PanicLine().IsMatch(l))?.Trim();
    }

    public static async Task<string> QmpStatusAsync(QemuVm vm)
    {
        try
        {
            var status = await vm.Qmp.ExecuteAsync("query-status", null, TimeSpan.FromSeconds(5));
            return status.GetProperty("status").GetString() ?? "?";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"no answer ({e.GetType().Name})";
        }
    }
}
