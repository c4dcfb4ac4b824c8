using System.Text.RegularExpressions;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Storage.ScsiWwn;

/// <summary>SCSI WWN on FreeBSD: the LUN id GEOM reports for the data disk (geom disk list: lunid) equals the WWN the host assigned.</summary>
internal sealed partial class ScsiWwnFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Lunid = 3;
    public const int Assigned = 4;

    public override string FeatureId => "storage.scsi-wwn";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoWwn];

    public override string NegativeControlNote => "the host assigns no WWN, so none may be read back";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("data_disk", "da1"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Lunid, "geom disk list {{data_disk}}", "GEOM's view of the data disk, with lunid"),
        // Hyper-V assigns WWNs only to the virtual FC port (fc.wwpn, Msvm_SyntheticFcPortSettingData.VirtualPortWWPN): the WWN
        // storvsc reports for devices behind that port; the lab sets one on the data disk (disk.wwn). Same read as the Linux probe.
        SettingRead.Of(Assigned, "assigned-wwn", "the WWN the host assigned", ("disk.wwn|fc.wwpn", "wwn")),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Lunid, out var list, out var failure) || !evidence.HostOk(Assigned, out var assigned, out failure))
        {
            return failure;
        }

        var wwn = Normalize(assigned.Observation("wwn") ?? "");
        var lunid = LunidLine().Match(list.Stdout) is { Success: true } m ? Normalize(m.Groups[1].Value) : null;
        return lunid is not null && wwn.Length > 0 && lunid == wwn
            ? Verdict.Supported($"lunid {lunid} matches the WWN the host assigned")
            : Verdict.NotSupported($"lunid {lunid ?? "absent"}; host assigned {wwn}");
    }

    private static string Normalize(string wwn) => wwn.Trim().ToLowerInvariant().Replace("0x", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);

    [GeneratedRegex(@"lunid:\s*(\S+)")]
    private static partial Regex LunidLine();
}
