using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.Heartbeat.HeartbeatProbe;

namespace HvCert.Features.Core.Heartbeat;

internal static class HeartbeatJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        // The heartbeat channel: Hyper-V offers a Heartbeat IC device; the QEMU lab answers through the guest agent's port.
        var role = evidence.Offered(DeviceRole.Heartbeat) is not null || evidence.Backend == BackendKind.HyperV ? DeviceRole.Heartbeat : DeviceRole.GuestAgent;
        if (!evidence.BoundDevice(Inventory, role, out var binding, out var failure, "heartbeat channel"))
        {
            return failure;
        }

        if (!evidence.HostOk(Query, out var query, out failure))
        {
            return failure;
        }

        var status = query.Observation("status") ?? "no status";
        return query.Observation("alive") == "true"
            ? Verdict.Supported($"host sees the heartbeat ({Judging.Clip(status, 60)}); {binding.Detail}")
            : Verdict.NotSupported($"host sees no heartbeat from the guest ({Judging.Clip(status, 60)}) although {binding.Detail}");
    }
}
