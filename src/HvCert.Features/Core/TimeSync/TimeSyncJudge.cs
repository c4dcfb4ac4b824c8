using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.TimeSync.TimeSyncProbe;

namespace HvCert.Features.Core.TimeSync;

internal static class TimeSyncJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        // Hyper-V offers a TimeSync IC bound to hv_utils; the lab's channel is the guest agent's virtio-serial port.
        var role = evidence.Offered(DeviceRole.TimeSync) is not null || evidence.Backend == BackendKind.HyperV ? DeviceRole.TimeSync : DeviceRole.GuestAgent;
        if (!evidence.BoundDevice(Inventory, role, out var binding, out var failure, "time-sync channel"))
        {
            return failure;
        }

        if (!evidence.HostOk(SyncNow, out _, out failure))
        {
            return failure;
        }

        var before = evidence.Host(ExchangeBeforeHost) is { } b ? ClockSamples.Analyze(b) : null;
        var after = evidence.Host(ExchangeAfterHost) is { } a ? ClockSamples.Analyze(a) : null;
        if (after is null)
        {
            return Verdict.Error("no usable timestamp exchange after the host sync (guest `date` output missing or unreadable)");
        }

        var tolerance = evidence.ParamDouble("sync_tolerance_ms", 1000);
        var was = before is null ? "" : $" (before the sync: {ClockSamples.Signed(before.OffsetMs, 1)} ms)";
        if (after.ProvenWithin(tolerance))
        {
            return Verdict.Supported($"guest clock within {tolerance:0} ms of the host after the sync: {after.Describe()}{was}");
        }

        return after.ProvenBeyond(tolerance)
            ? Verdict.NotSupported($"guest clock still off after the host sync: {after.Describe()}{was}")
            : Verdict.NotSupported($"could not show the guest within {tolerance:0} ms: {after.Describe()} (round trip too large to bound it){was}");
    }
}
