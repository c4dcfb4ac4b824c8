using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.TimeSync;

/// <summary>
/// Time synchronization: the host's time service (Hyper-V TimeSync IC, QEMU guest agent) brings the guest clock to the
/// host's. The guest clock is first set back by {{skew_s}} s (its own time daemons stopped), then measured with repeated
/// timestamp exchanges before and after the host pushes its time: the sync must bring it back within the tolerance.
/// </summary>
internal sealed class TimeSyncProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int Skew = 2;
    public const int ExchangeBefore = 3;
    public const int ExchangeBeforeHost = 4;
    public const int SyncNow = 5;
    public const int ExchangeAfter = 6;
    public const int ExchangeAfterHost = 7;
    public const int Tracking = 8;
    public const int Restore = 9;

    public override string FeatureId => "core.time-sync";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoGuestAgent];

    public override string NegativeControlNote => "the VM has no time-sync channel (QEMU: no guest agent), so the host cannot set the guest clock";

    // 1 s, as LISA TIMESYNC-BASIC (MaxTimeDiff=1.0); the 1 ms bar belongs to core.accurate-time. An exchange stops once
    // its uncertainty is a tenth of that bar (after 4 exchanges): the 30 s skew and the 1 s bar are then decided either
    // way, and the other 12 round trips cost about 1 s each under TCG.
    public override IReadOnlyDictionary<string, string> Defaults { get; } =
        Params(("samples", "16"), ("sync_tolerance_ms", "1000"), ("skew_s", "30"), ("exchange_stop_ms", "100"), ("exchange_min_samples", "4"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(Skew, SyncProof.LinuxSkew, "stop the guest's time daemons and set its clock back {{skew_s}} s"),
        new ClockExchange(ExchangeBefore, ExchangeBeforeHost, "guest clock before the host sync (skewed)"),
        new HostAction<ITimeSyncFacet>(SyncNow, "time-sync", "host pushes its clock into the guest", Facet.TimeSync, (f, _, ct) => f.SyncNowAsync(ct)),
        new ClockExchange(ExchangeAfter, ExchangeAfterHost, "guest clock after the host sync"),
        new GuestCommand(Tracking, "chronyc -n tracking", "the guest's own time daemon view (context only)", MayFail: true),
        new GuestCommand(Restore, SyncProof.LinuxRestore, "restart the time daemons the skew step stopped", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => TimeSyncJudge.Judge(evidence);
}
