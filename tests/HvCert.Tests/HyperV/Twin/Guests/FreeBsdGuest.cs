using System.Globalization;
using System.Text.RegularExpressions;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// A FreeBSD 13 guest on Hyper-V. Tree, boot log, hn0 and sysctl outputs are the real captures of FreeBSD 13.0-RELEASE-p4 in a
/// Gen2 VM (qiita.com/nanorkyo, under Samples/); devices the host did not offer are removed from the tree, and values the host
/// changes (memory, disk size, CPUs, KVP pool, copied files, NMIs) come from the <see cref="GuestWorld"/>. FreeBSD 14 answers
/// from the same captures: no public FreeBSD 14 Hyper-V capture was found, so 13 and 14 cells prove the same guest behaviour.
/// </summary>
internal static partial class FreeBsdGuest
{
    public static ScriptedGuest Create(GuestWorld world, IReadOnlySet<string> offeredClassIds) => new(Rules(world, offeredClassIds));

    public static IReadOnlyList<GuestRule> Rules(GuestWorld w, IReadOnlySet<string> offered, int release = 13) =>
    [
        new("devinfo -rv", _ => Ok(Tree(offered))),
        new("dmesg.boot", _ => Ok(Captures.Read("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt"))),
        new("ifconfig hn0", _ => Ok(Captures.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt"))),
        new("kern.timecounter", _ => Ok(Sysctl("kern.timecounter.hardware") + Sysctl("kern.timecounter.choice"))),
        new("kern.geom.disk.da1.flags", _ => Ok(Sysctl("kern.geom.disk.da0.flags").Replace("da0", "da1", StringComparison.Ordinal))),
        new("hw.ncpu", _ => Ok(Text(w.Cpus) + "\n")),
        new("hw.physmem", _ => Ok(Text(w.MemoryMb * 1024 * 1024 - (64L << 20)) + "\n")),
        new("hw.usermem", _ => Ok(Text(w.MemoryMb * 1024 * 1024 - (256L << 20)) + "\n")),
        new("diskinfo da1", _ => Ok($"mediasize: {Text(w.DataDiskBytes)}\n")),
        new("service hv_kvp_daemon status", _ => offered.Contains(Kvp) ? Ok("hv_kvp_daemon is running as pid 714.\n") : Exit(1, "hv_kvp_daemon is not running.\n")),
        new("service hv_vss_daemon status", _ => Ok("hv_vss_daemon is running as pid 722.\n")),
        new(".kvp_pool_0", _ => Ok(string.Concat(w.HostKvpItems.Select(i => i.Key + "\n" + i.Value + "\n")))),
        new("sha256 -q", c => w.CopiedSha256(Path(c)) is { } sha ? Ok(sha + "\n") : Exit(1, "", $"sha256: {Path(c)}: No such file or directory\n")),
        new("kern.boottime", _ => Ok("{ sec = 1631511183, usec = 318296 } Mon Sep 13 05:33:03 2021\n")),
        new("machdep.bootmethod", _ => Ok(w.Generation == 2 ? "UEFI\n" : "BIOS\n")),
        new("grep -c NMI", _ => w.NmisInjected > 0 ? Ok(Text(w.NmisInjected) + "\n") : Exit(1, "0\n")),
        new("kern.features.pae", _ => Ok("amd64\n0\n")),
    ];

    private const string Kvp = "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6";

    /// <summary>The real tree without the VMBus children whose class the host did not offer.</summary>
    private static string Tree(IReadOnlySet<string> offered) =>
        string.Join('\n', Captures.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt").Split('\n')
            .Where(l => ClassId().Match(l) is not { Success: true } m || offered.Contains(m.Groups[1].Value) || !Known.Contains(m.Groups[1].Value)));

    /// <summary>The classes the twin host decides about; other children (event timer, dynamic-memory...) stay as captured.</summary>
    private static readonly HashSet<string> Known =
    [
        "34d14be3-dee4-41c8-9ae7-6b174977c192", "57164f39-9115-4e78-ab55-382f3bd5422d", Kvp, "0e0b6031-5213-4934-818b-38d90ced39db",
        "9527e630-d0ae-497b-adce-e80ab0175caf", "35fa2e29-ea23-4236-96ae-3a6ebacba440", "525074dc-8985-46e2-8057-a307dc18a502",
    ];

    private static string Sysctl(string name) =>
        Captures.Read("sysctl/freebsd-13.0-geom-timecounter-win10-hyperv.txt").Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal)) + "\n";

    private static string Path(string command) => command[(command.LastIndexOf(' ') + 1)..].Trim();

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("classid=([0-9a-f-]{36})")]
    private static partial Regex ClassId();
}
