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

        return SyncProof.Judge(evidence, Skew, ExchangeBeforeHost, ExchangeAfterHost, binding.Detail);
    }
}
