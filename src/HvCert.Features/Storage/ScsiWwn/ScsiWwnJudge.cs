using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Storage.ScsiWwn.ScsiWwnProbe;

namespace HvCert.Features.Storage.ScsiWwn;

internal static class ScsiWwnJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Assigned, out var assigned, out var failure))
        {
            return failure;
        }

        var expected = ToolText.HexDigits(assigned.Observation("wwn"));
        if (expected.Length < 16)
        {
            return Verdict.Error($"the host's WWN '{Judging.Clip(assigned.Observation("wwn") ?? "", 40)}' is not a 64- or 128-bit name");
        }

        if (!evidence.Ran(ById, out var byId, out failure))
        {
            return failure;
        }

        var link = DiskByIdParser.Parse(byId.Stdout).FirstOrDefault(l => l.IsWwn && !l.IsPartition && ToolText.HexDigits(l.Name) == expected);
        var wwid = evidence.Command(Wwid) is { } w ? WwidParser.Parse(w.Stdout).FirstOrDefault(x => x.NaaHex == expected) : null;
        var vpd = evidence.Command(Vpd) is { ExitCode: 0 } v ? SgInqParser.Parse(v.Stdout).FirstOrDefault(d => d.Type == "NAA" && d.Hex == expected) : null;
        var found = new List<string>();
        if (link is not null)
        {
            found.Add($"/dev/disk/by-id/{link.Name} → {link.Device}");
        }

        if (wwid is not null)
        {
            found.Add($"{wwid.Device} wwid {wwid.Wwid}");
        }

        if (vpd is not null)
        {
            found.Add("VPD 0x83 NAA designator");
        }

        return found.Count > 0
            ? Verdict.Supported($"host-assigned WWN 0x{expected} read back in the guest: {string.Join("; ", found)}")
            : Verdict.NotSupported($"the host assigned WWN 0x{expected} but no guest by-id link, sysfs wwid or VPD designator carries it");
    }
}
