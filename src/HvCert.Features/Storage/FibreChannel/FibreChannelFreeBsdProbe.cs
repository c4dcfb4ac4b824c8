using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.FibreChannel;

/// <summary>
/// Virtual Fibre Channel on FreeBSD: the host's vHBA (synthetic FC channel) attached to storvsc, and the WWPN the host
/// assigned visible in the guest (any sysctl or CAM line carrying it). Microsoft's table lists no FreeBSD release with
/// the feature; FreeBSD's storvsc reports no FC transport, so on real guests the WWPN is expected to be missing.
/// </summary>
internal sealed partial class FibreChannelFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Hba = 3;
    public const int GuestPorts = 4;

    public override string FeatureId => "storage.fibre-channel";

    // Hyper-V attaches no virtual HBA under NoWwn (DeviceBuilder), so there is no WWPN for the guest to show.
    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoWwn];

    public override string NegativeControlNote => "no virtual HBA is attached (NoWwn), so no WWPN exists for the guest to show";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<IFibreChannelFacet>(Hba, "fc-hba", "host reads the vHBA's WWNN/WWPN", Facet.FibreChannel, (f, _, ct) => f.DescribeHbaAsync(ct)),
        new GuestCommand(GuestPorts, "sysctl -a 2>/dev/null | grep -i -E 'wwpn|wwnn|port_?name'; camcontrol devlist -v", "port names the guest's storage stack reports", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Hba, out var hba, out var failure))
        {
            return failure;
        }

        var wwpns = (hba.Observation("wwpn") ?? "").Split(',', ';', ' ').Select(ToolText.HexDigits).Where(w => w.Length == 16).ToList();
        if (wwpns.Count == 0)
        {
            return Verdict.Error($"the host reported no WWPN for the virtual HBA (wwpn={hba.Observation("wwpn") ?? "missing"})");
        }

        if (!evidence.Bound(DeviceRole.FibreChannel, out var detail, out failure) || !evidence.Ran(GuestPorts, out var ports, out failure, mayFail: true))
        {
            return failure;
        }

        // Whole 64-bit names only (0x-prefixed, bare, or colon-separated bytes), compared as hex digits with the host's.
        var guest = WwnToken().Matches(ports.Stdout).Select(m => ToolText.HexDigits(m.Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = wwpns.FirstOrDefault(guest.Contains);
        return seen is not null
            ? Verdict.Supported($"the guest reports the host's WWPN 0x{seen}; {detail}")
            : Verdict.NotSupported($"{detail}, but no guest sysctl or CAM line carries the host's WWPN {string.Join(" / ", wwpns.Select(w => "0x" + w))}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![0-9A-Fa-f:])(?:0x)?(?:[0-9A-Fa-f]{16}|(?:[0-9A-Fa-f]{2}:){7}[0-9A-Fa-f]{2})(?![0-9A-Fa-f:])")]
    private static partial System.Text.RegularExpressions.Regex WwnToken();
}
