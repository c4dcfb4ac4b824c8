using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Catalog;
using HvCert.Probes;

namespace HvCert.Features.Core.TimeSync;

/// <summary>
/// Time synchronization on FreeBSD: hvtimesync attached; the guest clock is set back {{skew_s}} s (ntpd stopped), and the
/// host's forced sync (the TimeSync IC restarted: its SYNC-flagged sample makes hvtimesync set the clock) must bring it
/// back. FreeBSD's date(1) reads whole seconds, so each reading carries ±500 ms and the default tolerance is 2 s.
/// </summary>
internal sealed class TimeSyncFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Skew = 3;
    public const int ExchangeBefore = 4;
    public const int ExchangeBeforeHost = 5;
    public const int SyncNow = 6;
    public const int ExchangeAfter = 7;
    public const int ExchangeAfterHost = 8;
    public const int Restore = 9;

    public override string FeatureId => "core.time-sync";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.GuestClockSkewed, VmFault.NoGuestAgent];

    public override string NegativeControlNote => "the host's time service for the guest is absent, so no sync channel exists";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("samples", "8"), ("sync_tolerance_ms", "2000"), ("skew_s", "30"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Skew, SyncProof.FreeBsdSkew, "stop the guest's time daemons and set its clock back {{skew_s}} s"),
        ClockExchange.WholeSeconds(ExchangeBefore, ExchangeBeforeHost, "guest clock before the host sync (skewed)"),
        new HostAction<ITimeSyncFacet>(SyncNow, "time-sync", "host forces a time sync into the guest", Facet.TimeSync, (f, _, ct) => f.SyncNowAsync(ct)),
        ClockExchange.WholeSeconds(ExchangeAfter, ExchangeAfterHost, "guest clock after the host sync"),
        new GuestCommand(Restore, SyncProof.FreeBsdRestore, "restart the time daemons the skew step stopped", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.TimeSync, out var detail, out var failure) || !evidence.HostOk(SyncNow, out _, out failure))
        {
            return failure;
        }

        return SyncProof.Judge(evidence, Skew, ExchangeBeforeHost, ExchangeAfterHost, detail);
    }
}
