using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.Mouse;

/// <summary>
/// Integrated mouse: the guest has an absolute pointer (Hyper-V synthetic mouse via hid_hyperv, QEMU usb/virtio tablet)
/// and a pointer move made by the host arrives in the guest as absolute events on its /dev/input/eventN.
/// </summary>
internal sealed class MouseProbe : LinuxGuestProbe
{
    public const int Devices = 1;
    public const int Inventory = 2;
    public const int StartCapture = 3;
    public const int Move = 4;
    public const int ReadCapture = 5;

    /// <summary>Picks the first device reporting absolute X/Y with an event handler and captures its raw events for 20 s.</summary>
    public const string StartCaptureCommand =
        "EV=$(awk '/^I:/{h=\"\";a=0} /^H: Handlers=/{for(i=2;i<=NF;i++){x=$i; sub(/^Handlers=/,\"\",x); if(x ~ /^event/) h=x}} " +
        "/^B: ABS=/{a=1} /^$/{if(a && h!=\"\"){print h; exit}; h=\"\"; a=0} END{if(a && h!=\"\") print h}' /proc/bus/input/devices | head -n1); " +
        "[ -n \"$EV\" ] || { echo 'no absolute pointer device' >&2; exit 3; }; echo \"$EV\"; rm -f /tmp/hvcert-mouse.bin; " +
        "nohup timeout 20 cat \"/dev/input/$EV\" </dev/null >/tmp/hvcert-mouse.bin 2>/dev/null & sleep 1";

    public override string FeatureId => "core.mouse";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMouseDevice];

    public override string NegativeControlNote => "the VM has no pointer device, so no absolute pointer exists and no host move arrives";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("mouse_x", "300"), ("mouse_y", "200"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Devices, "cat /proc/bus/input/devices", "input devices the guest registered"),
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(StartCapture, StartCaptureCommand, "start capturing the absolute pointer's raw events"),
        new HostAction<IMouseFacet>(Move, "pointer-move", "host moves the pointer", Facet.Mouse,
            (f, s, ct) => f.MovePointerAsync(s.Int("mouse_x"), s.Int("mouse_y"), ct)),
        new GuestCommand(ReadCapture, "sleep 2; od -An -tx1 -v -w24 /tmp/hvcert-mouse.bin | head -n 64; rm -f /tmp/hvcert-mouse.bin", "events the guest received"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => MouseJudge.Judge(evidence);

    internal static string Coordinates(ProbeEvidence e) =>
        string.Create(CultureInfo.InvariantCulture, $"({e.Parameter("mouse_x", "300")},{e.Parameter("mouse_y", "200")})");
}
