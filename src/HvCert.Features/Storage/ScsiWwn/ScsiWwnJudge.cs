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

        // Hyper-V's virtual HBA has two WWPN sets (A,B) and the guest sees the active one.
        var names = (assigned.Observation("wwn") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(ToolText.HexDigits).ToList();
        if (names.Count == 0 || names.Any(n => n.Length < 16))
        {
            return Verdict.Error($"the host's WWN '{Judging.Clip(assigned.Observation("wwn") ?? "", 40)}' is not a 64- or 128-bit name");
        }

        var expected = names[0];

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

        if (evidence.Command(FcPorts) is { ExitCode: 0 } fc && FcHostParser.Parse(fc.Stdout).FirstOrDefault(h => h.PortName is { } p && names.Contains(p)) is { } port)
        {
            expected = port.PortName!;
            found.Add($"/sys/class/fc_host/{port.Host}/port_name 0x{port.PortName}" + (port.NodeName is { } node ? $" (node 0x{node})" : ""));
        }

        return found.Count > 0
            ? Verdict.Supported($"host-assigned WWN 0x{expected} read back in the guest: {string.Join("; ", found)}")
            : Verdict.NotSupported($"the host assigned WWN {string.Join(" / ", names.Select(n => "0x" + n))} but no guest by-id link, sysfs wwid, VPD designator or fc_host port carries it");
    }
}
