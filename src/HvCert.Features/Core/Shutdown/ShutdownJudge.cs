using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.Shutdown.ShutdownProbe;

namespace HvCert.Features.Core.Shutdown;

internal static class ShutdownJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        // A VMBus shutdown IC (Hyper-V) must be bound to hv_utils; the lab's ACPI power button is no offered device.
        if (!evidence.BoundDevice(Inventory, DeviceRole.Shutdown, out _, out var failure, mayBeUnoffered: true))
        {
            return failure;
        }

        if (!evidence.HostOk(ShutdownRequest, out var shutdown, out failure))
        {
            return failure;
        }

        var seconds = shutdown.Observation("seconds") ?? "?";
        if (shutdown.Observation("clean") != "true")
        {
            return Verdict.NotSupported($"the guest did not power off within the timeout after the host's shutdown request ({Judging.Clip(shutdown.Observation("status") ?? "forced off", 60)})");
        }

        var log = evidence.Host(SerialAfter)?.Observation("serial_new") ?? "";
        var found = ShutdownLog.Found(log);
        if (found.Count > 0)
        {
            return Verdict.Supported($"guest shut itself down in {seconds} s after the host request; console shows \"{found[^1]}\"");
        }

        return log.Trim().Length == 0
            ? Verdict.Caveat($"VM powered off cleanly in {seconds} s after the host request, but no serial console output was captured to show the guest's own shutdown")
            : Verdict.NotSupported($"VM stopped after {seconds} s but the console shows none of the guest's shutdown lines (last: '{Judging.Clip(log.Trim().Split('\n')[^1], 60)}')");
    }
}
