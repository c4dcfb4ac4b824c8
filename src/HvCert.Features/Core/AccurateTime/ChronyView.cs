using System.Globalization;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Core.AccurateTime.AccurateTimeProbe;

namespace HvCert.Features.Core.AccurateTime;

/// <summary>What the guest's chrony and PTP clocks say, read from the recorded steps (a missing chrony is just "no view").</summary>
internal sealed record ChronyView(bool HyperVPhcPresent, bool PhcSelected, string? Reference, bool ReferenceIsHost, double? BoundMs, string Summary)
{
    /// <summary>Which chrony view gave <see cref="BoundMs"/>: "tracking" or "sources".</summary>
    public string BoundFrom { get; init; } = "";

    public string Note => BoundMs is { } b ? string.Create(CultureInfo.InvariantCulture, $"; chrony: {Reference} bound {b:0.000} ms ({BoundFrom})") : "";

    public static ChronyView Read(ProbeEvidence evidence)
    {
        var ptp = evidence.Command(PtpClocks)?.Stdout ?? "";
        var hypervPhc = ptp.Split('\n').Any(l => l.Trim().EndsWith(" hyperv", StringComparison.Ordinal));
        var sources = evidence.Command(Sources) is { ExitCode: 0 } s ? ChronycSources.Parse(s.Stdout) : [];
        var tracking = evidence.Command(Tracking) is { ExitCode: 0 } t ? ChronycTrackingParser.Parse(t.Stdout) : null;
        var selected = sources.FirstOrDefault(x => x.Selected);
        var references = evidence.Parameter("time_reference", "PHC0,10.0.2.2").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var isHost = selected is not null && references.Contains(selected.Name, StringComparer.Ordinal);
        // Two bounds, both chrony's own: tracking's maximum error (root delay/2 + dispersion) and the selected source's last
        // sample, |offset| + its "+/-" margin. Either bounds the error; the tighter one is used and named.
        var trackingBound = tracking is { Synchronised: true, MaxErrorSeconds: { } e } ? e * 1000 : (double?)null;
        var sourceBound = selected is { OffsetSeconds: { } o, ErrorSeconds: { } err } ? (Math.Abs(o) + err) * 1000 : (double?)null;
        var bound = (trackingBound, sourceBound) switch
        {
            ({ } t1, { } s1) => Math.Min(t1, s1),
            ({ } t1, null) => t1,
            (null, { } s1) => s1,
            _ => (double?)null,
        };
        var boundFrom = bound is null ? "" : bound == sourceBound ? "sources" : "tracking";
        var summary = selected is null
            ? (evidence.Command(Sources) is { ExitCode: 127 } ? "chrony is not installed" : "chrony has no selected source")
            : string.Create(CultureInfo.InvariantCulture, $"chrony selected {selected.Name}{(bound is { } b ? $", bound {b:0.000} ms ({boundFrom})" : "")}{(isHost ? "" : " (not a host reference)")}");
        return new ChronyView(hypervPhc, selected is { IsRefclock: true } && hypervPhc, selected?.Name, isHost, bound, summary) { BoundFrom = boundFrom };
    }
}
