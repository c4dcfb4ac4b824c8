using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Video.SyntheticVideo;

/// <summary>Video: the display device the host offered is bound (DRM card or framebuffer driver) and the host's screendump has the guest's resolution.</summary>
internal sealed class SyntheticVideoProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int DrmCards = 2;
    public const int FbInfo = 3;
    public const int Screenshot = 4;

    public override string FeatureId => "video.synthetic";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoVideoDevice];

    public override string NegativeControlNote => "the VM has no display device, so there is nothing to bind and nothing to show";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(DrmCards, "for c in /sys/class/drm/card[0-9]; do [ -e \"$c/device/driver\" ] && echo \"${c##*/} $(basename \"$(readlink -f \"$c/device/driver\")\")\"; done",
            "DRM cards and their drivers", MayFail: true),
        new GuestCommand(FbInfo, "cat /sys/class/graphics/fb0/name /sys/class/graphics/fb0/virtual_size", "console framebuffer driver and resolution", MayFail: true),
        new HostAction<IVideoFacet>(Screenshot, "screendump", "host captures the VM's screen", Facet.Video, (f, _, ct) => f.ScreenshotAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => SyntheticVideoJudge.Judge(evidence);
}
