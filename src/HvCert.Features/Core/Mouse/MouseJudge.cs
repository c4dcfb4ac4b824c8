using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.Mouse.MouseProbe;

namespace HvCert.Features.Core.Mouse;

internal static class MouseJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Devices, out var devices, out var failure) )
        {
            return failure;
        }

        if (!evidence.BoundDevice(Inventory, DeviceRole.Mouse, out var binding, out failure))
        {
            return failure;
        }

        var pointer = InputDevicesParser.Parse(devices.Stdout).FirstOrDefault(d => d.IsAbsolutePointer && d.EventHandler is not null);
        if (pointer is null)
        {
            return Verdict.NotSupported($"{binding.Detail}, but /proc/bus/input/devices lists no absolute pointer");
        }

        if (!evidence.Ran(StartCapture, out _, out failure) || !evidence.HostOk(Move, out _, out failure) || !evidence.Ran(ReadCapture, out var capture, out failure))
        {
            return failure;
        }

        var abs = InputEventDump.Parse(capture.Stdout).Count(e => e.Type == InputEvent.EvAbs);
        return abs > 0
            ? Verdict.Supported($"\"{Judging.Clip(pointer.Name, 50)}\" ({pointer.EventHandler}) received {abs} absolute events for the host's move to {Coordinates(evidence)}")
            : Verdict.NotSupported($"\"{Judging.Clip(pointer.Name, 50)}\" exists but no absolute event arrived after the host moved the pointer");
    }
}
