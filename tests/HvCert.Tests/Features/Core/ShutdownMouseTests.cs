using HvCert.Features.Common;
using HvCert.Features.Core.Mouse;
using HvCert.Features.Core.Shutdown;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.Core;

public class ShutdownMouseTests
{
    [Fact]
    public void Shutdown_HyperVIcBoundAndGuestLogsShutdown_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(ShutdownProbe.Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Host(ShutdownProbe.ShutdownRequest, true, ("clean", "true"), ("seconds", "6.1"))
            .Host(ShutdownProbe.SerialAfter, true, ("serial_new", "[  OK  ] Reached target System Power Off.\n[  101.2] reboot: Power down\n"))
            .Build();

        var verdict = new ShutdownProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("reboot: Power down", verdict.Reason);
    }

    [Fact]
    public void Shutdown_GuestIgnoresRequest_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(ShutdownProbe.Inventory, "")
            .Host(ShutdownProbe.ShutdownRequest, true, ("clean", "false"), ("seconds", "90")).Build();

        Assert.Equal(VerdictKind.NotSupported, new ShutdownProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Shutdown_CleanButConsoleShowsNoShutdownLines_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(ShutdownProbe.Inventory, "")
            .Host(ShutdownProbe.ShutdownRequest, true, ("clean", "true"), ("seconds", "3"))
            .Host(ShutdownProbe.SerialAfter, true, ("serial_new", "random noise\n")).Build();

        Assert.Equal(VerdictKind.NotSupported, new ShutdownProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Mouse_HyperVSyntheticMouseGetsAbsoluteEvents_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(MouseProbe.Devices, Sample.Read("proc-bus-input-devices/hyperv-synthetic-mouse.txt"))
            .Cmd(MouseProbe.Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Cmd(MouseProbe.StartCapture, "event1\n")
            .Host(MouseProbe.Move, true, ("x", "300"), ("y", "200"))
            .Cmd(MouseProbe.ReadCapture, AbsEvents)
            .Build();

        var verdict = new MouseProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("2 absolute events", verdict.Reason);
    }

    [Fact]
    public void Mouse_NoEventsArrive_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(MouseProbe.Devices, Sample.Read("proc-bus-input-devices/hyperv-synthetic-mouse.txt"))
            .Cmd(MouseProbe.Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Cmd(MouseProbe.StartCapture, "event1\n").Host(MouseProbe.Move, true).Cmd(MouseProbe.ReadCapture, "").Build();

        Assert.Equal(VerdictKind.NotSupported, new MouseProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Mouse_NoMouseOffered_NotOffered()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu.Where(d => d.Role != DeviceRole.Mouse).ToList())
            .Cmd(MouseProbe.Devices, "").Cmd(MouseProbe.Inventory, "").Build();

        Assert.Equal(VerdictKind.NotOffered, new MouseProbe().Judge(evidence).Kind);
    }

    // Two EV_ABS records (ABS_X=300, ABS_Y=200) and one EV_SYN, as od -An -tx1 -v -w24 prints struct input_event.
    private const string AbsEvents =
        " 10 00 00 00 00 00 00 00 20 00 00 00 00 00 00 00 03 00 00 00 2c 01 00 00\n" +
        " 10 00 00 00 00 00 00 00 20 00 00 00 00 00 00 00 03 00 01 00 c8 00 00 00\n" +
        " 10 00 00 00 00 00 00 00 20 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";
}
