using HvCert.Features.Common;
using HvCert.Probes;

namespace HvCert.Features.Core.TimeSync;

/// <summary>
/// The time-sync proof both OS probes share: the guest clock was skewed first and measured off by more than the
/// tolerance, then measured within it after the host's sync. "Within 1 s" alone proves nothing: the guest's own
/// clock (or NTP) would pass that without the host doing anything.
/// </summary>
internal static class SyncProof
{
    /// <summary>Stops the guest's own time daemons (remembering which ran) so only the host can correct the skew.</summary>
    public const string LinuxSkew =
        "rm -f /run/hvcert-timesync-stopped; for s in chrony chronyd systemd-timesyncd ntp ntpd openntpd; do " +
        "systemctl is-active -q \"$s\" 2>/dev/null && systemctl stop \"$s\" && echo \"$s\" >> /run/hvcert-timesync-stopped; done; " +
        "date -s \"@$(( $(date +%s) - {{skew_s}} ))\" >/dev/null && echo \"skewed by -{{skew_s}} s\"";

    /// <summary>Restarts the daemons <see cref="LinuxSkew"/> stopped (chrony's makestep repairs a skew the host left behind).</summary>
    public const string LinuxRestore =
        "[ -f /run/hvcert-timesync-stopped ] && xargs -r -n1 systemctl start < /run/hvcert-timesync-stopped; rm -f /run/hvcert-timesync-stopped; true";

    /// <summary>FreeBSD: stop ntpd/openntpd/chronyd (rc `onestop`), then set the clock back with date -f %s.</summary>
    public const string FreeBsdSkew =
        "rm -f /var/run/hvcert-timesync-stopped; for s in ntpd openntpd chronyd; do service \"$s\" onestatus >/dev/null 2>&1 && " +
        "service \"$s\" onestop >/dev/null 2>&1 && echo \"$s\" >> /var/run/hvcert-timesync-stopped; done; " +
        "date -f %s \"$(( $(date +%s) - {{skew_s}} ))\" >/dev/null && echo \"skewed by -{{skew_s}} s\"";

    public const string FreeBsdRestore =
        "[ -f /var/run/hvcert-timesync-stopped ] && for s in $(cat /var/run/hvcert-timesync-stopped); do service \"$s\" onestart >/dev/null 2>&1; done; " +
        "rm -f /var/run/hvcert-timesync-stopped; true";

    public static Verdict Judge(ProbeEvidence evidence, int skewStep, int beforeHost, int afterHost, string binding)
    {
        if (!evidence.Ran(skewStep, out _, out var failure))
        {
            return failure;
        }

        var before = evidence.Host(beforeHost) is { } b ? ClockSamples.Analyze(b) : null;
        var after = evidence.Host(afterHost) is { } a ? ClockSamples.Analyze(a) : null;
        if (before is null || after is null)
        {
            return Verdict.Error($"no usable timestamp exchange {(before is null ? "before" : "after")} the host sync (guest clock output missing or unreadable)");
        }

        var tolerance = evidence.ParamDouble("sync_tolerance_ms", 1000);
        if (!before.ProvenBeyond(tolerance))
        {
            return Verdict.Error($"in-probe control failed: after the {evidence.Parameter("skew_s", "30")} s skew the guest clock was not shown off by more than {tolerance:0} ms ({before.Describe()}), so the sync could prove nothing");
        }

        var story = $"skewed guest clock {before.Describe()} before the host sync, {after.Describe()} after";
        if (after.ProvenWithin(tolerance))
        {
            return Verdict.Supported($"the host's sync brought the guest clock back within {tolerance:0} ms: {story}; {binding}");
        }

        return after.ProvenBeyond(tolerance)
            ? Verdict.NotSupported($"the host's sync left the guest clock off: {story}")
            : Verdict.NotSupported($"could not show the guest within {tolerance:0} ms after the sync (round trip too large to bound it): {story}");
    }
}
