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
        if (!evidence.Ran(Inventory, out var inventory, out var failure))
        {
            return failure;
        }

        // The heartbeat channel: Hyper-V offers a Heartbeat IC device; the QEMU lab answers through the guest agent's port.
        var role = evidence.Offered(DeviceRole.Heartbeat) is not null ? DeviceRole.Heartbeat : DeviceRole.GuestAgent;
        var binding = DeviceBinding.Check(evidence, role, SysfsDeviceInventory.Parse(inventory.Stdout));
        if (!binding.Offered)
        {
            return Verdict.NotOffered($"the host offered no heartbeat channel ({binding.Detail})");
        }

        if (!binding.Bound)
        {
            return Verdict.NotSupported(binding.Detail);
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
