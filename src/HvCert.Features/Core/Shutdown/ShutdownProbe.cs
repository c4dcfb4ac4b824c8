using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.Shutdown;

/// <summary>
/// Integrated shutdown: a host-initiated clean shutdown (Hyper-V Shutdown IC, QEMU ACPI power button) powers the VM
/// off through the guest's own orderly shutdown, seen in the serial console log, not through a forced power-off.
/// </summary>
internal sealed class ShutdownProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int SerialMark = 2;
    public const int ShutdownRequest = 3;
    public const int SerialAfter = 4;

    public override string FeatureId => "core.shutdown";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.ShutdownIgnored];

    public override string NegativeControlNote => "the guest ignores the host's shutdown request (QEMU: ACPI power button not handled), so the VM must be forced off";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("shutdown_timeout", "90"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new HostRead(SerialMark, "serial-mark", "serial console length before the request", (vm, _) =>
            HostActionResult.Success("serial-mark", ("serial_chars", vm.SerialLog().Length.ToString(CultureInfo.InvariantCulture)))),
        new HostAction<IShutdownFacet>(ShutdownRequest, "shutdown", "host asks the guest to shut down cleanly", Facet.Shutdown,
            (f, s, ct) => f.ShutdownAsync(TimeSpan.FromSeconds(s.Int("shutdown_timeout")), ct)),
        new HostRead(SerialAfter, "serial-after", "serial console written during the shutdown", (vm, s) =>
            HostActionResult.Success("serial-after", ("serial_new", ShutdownLog.Tail(vm.SerialLog(), s.Int("serial_chars"))))),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => ShutdownJudge.Judge(evidence);
}
