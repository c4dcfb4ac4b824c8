using System.Globalization;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Networking.LiveMigration.LiveMigrationProbe;

namespace HvCert.Features.Networking.LiveMigration;

internal static class LiveMigrationJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Before, out var before, out var failure) || !evidence.Ran(StartPing, out _, out failure)
            || !evidence.HostOk(Migrate, out var migrate, out failure))
        {
            return failure;
        }

        if (!evidence.Ran(PingResult, out var ping, out failure) || !evidence.Ran(After, out var after, out failure))
        {
            return failure;
        }

        var (bootBefore, upBefore) = Boot(before.Stdout);
        var (bootAfter, upAfter) = Boot(after.Stdout);
        if (bootBefore is null || bootAfter is null)
        {
            return Verdict.Error("boot_id could not be read before or after the migration");
        }

        if (bootBefore != bootAfter || upAfter < upBefore)
        {
            return Verdict.NotSupported($"the guest rebooted during the migration (boot_id {bootBefore[..8]} → {bootAfter[..8]}, uptime {upBefore:0} s → {upAfter:0} s)");
        }

        var summary = PingSummaryParser.Parse(ping.Stdout);
        if (summary is null || summary.Received == 0)
        {
            return Verdict.Error("the loss probe got no echo reply at all (gateway does not answer ping), so loss cannot be bounded");
        }

        var max = evidence.ParamDouble("max_loss_percent", 10);
        var downtime = migrate.Observation("downtime_ms") ?? "?";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"same boot {bootAfter[..8]}, uptime {upBefore:0}→{upAfter:0} s, ping loss {summary.LossPercent:0.#}% ({summary.Received}/{summary.Transmitted}), host downtime {downtime} ms");
        return summary.LossPercent <= max
            ? Verdict.Supported(text)
            : Verdict.NotSupported($"loss above {max:0.#}%: {text}");
    }

    private static (string? BootId, double Uptime) Boot(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var id = lines.Length > 0 && Guid.TryParse(lines[0], out _) ? lines[0] : null;
        var up = lines.Length > 1 && double.TryParse(lines[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var u) ? u : -1;
        return (id, up);
    }
}
