using System.Globalization;
using System.Text.RegularExpressions;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// A FreeBSD 13 guest on Hyper-V. Tree, boot log, hn0 and sysctl outputs are the real captures of FreeBSD 13.0-RELEASE-p4 in a
/// Gen2 VM (qiita.com/nanorkyo, under Samples/); devices the host did not offer are removed from the tree, and values the host
/// changes (memory, disk size, CPUs, KVP pool, copied files, NMIs) come from the <see cref="GuestWorld"/>. FreeBSD 14 answers
/// from the same captures except its device tree, where the mouse is bound to hvhid(4) (a SYNTHETIC sample, see its first line):
/// no public FreeBSD 14 Hyper-V capture was found. The 13 captures are of 13.0; the matrix's 13.5 is newer.
/// </summary>
internal static partial class FreeBsdGuest
{
    public static ScriptedGuest Create(GuestWorld world, IReadOnlySet<string> offeredClassIds) => new(Rules(world, offeredClassIds));

    public static IReadOnlyList<GuestRule> Rules(GuestWorld w, IReadOnlySet<string> offered, int release = 13)
    {
        LinuxGuest.Observe(w);
        return
    [
        // The runner's guest check after a failed attempt (GuestHealth): a healthy guest prints only `df -Pk / /var/tmp`
        // (synthetic, in POSIX df -P format; the twin's disk is never full, nor read-only, and no OOM kill happens).
        new(".hvcert-health", _ => Ok("Filesystem 1024-blocks Used Avail Capacity Mounted on\n/dev/da0p2 29837852 3071244 24379584 11% /\n/dev/da0p2 29837852 3071244 24379584 11% /\n")),
        new("date -f %s", c => Skew(w, c)),
        new("onestart", _ => { w.State.TimeDaemonsStopped = false; w.State.ClockOffset = 0; return Ok(""); }),
        new("echo \"$(date +%s).5\"", _ => Ok(Text((long)Math.Floor(w.Now.ToUnixTimeMilliseconds() / 1000.0 + w.State.ClockOffset)) + ".5\n")),
        new("for i in $(ifconfig -l); do ifconfig \"$i\" | grep -qi 'ether", c => NicCommand(w, c)),
        new("ping -", c => Ping(w, c)),
        new("sysctl dev.hn.0.rx_ring_inuse", _ => Ok(Rings(w))),
        // No VF capture: hn(4)'s dev.hn.0.vf names the VF interface and is empty without one (sys/dev/hyperv/netvsc/if_hn.c).
        new("sysctl -n dev.hn.0.vf; ifconfig -l", _ => Ok("\n" + string.Join(' ', w.Nics.Select((_, i) => $"hn{i}").Append("lo0")) + "\n")),
        new("grep -i -E 'wwpn|wwnn|port_?name'; camcontrol devlist -v", _ => Ok(CamDevices(w))),
        new("geom disk list", _ => Ok(Geom(w))),
        new("dd if=/dev/random of=/dev/da1", c => { w.DataDiskAllocation(Mb(c) << 20); return Ok(""); }),
        new("trim -f -l", c => { w.DataDiskAllocation(-(Mb(c) << 20)); return Ok(""); }),
        new("devinfo -rv", _ => Ok(Tree(offered, release))),
        // The captured Gen2 trees have no PCI bus (and no vmbus_pcib child: no public capture of a FreeBSD DDA guest was found),
        // so pciconf -l lists nothing.
        new("pciconf -l", _ => Ok("")),
        new("freebsd-version -ku", _ => Ok(Version(release) + "\n" + Version(release) + "\n")),
        new("uname -r", _ => Ok(Version(release) + "\n")),
        new("kldstat", _ => Ok("hv_vmbus\nkernel\n")), // GENERIC has the Hyper-V drivers built in (the capture's dmesg attaches them with no module loads)
        new("pkg query", _ => Ok("")),
        new("dmesg.boot", _ => Ok(Captures.Read("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt"))),
        new("ifconfig hn0", _ => Ok(w.Nics.Count > 0 ? Ifconfig(w, 0) : Captures.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt"))),
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
    }

    /// <summary>SyncProof.FreeBsdSkew: stops ntpd (rc onestop) and sets the clock back with date -f %s.</summary>
    private static HvCert.Transport.CommandResult Skew(GuestWorld w, string command)
    {
        var seconds = Regex.Match(command, @"date \+%s\) - (\d+) \)\)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 30;
        w.State.TimeDaemonsStopped = true;
        w.State.ClockOffset -= seconds;
        return Ok($"skewed by -{seconds} s\n");
    }

    /// <summary>13: the capture's own release (dmesg-freebsd/freebsd-13.0-*.txt); 14: SYNTHETIC, the release the twin matrix names.</summary>
    private static string Version(int release) => release >= 14 ? "14.3-RELEASE" : "13.0-RELEASE-p4";

    private static long Mb(string command) =>
        Regex.Match(command, @"(?:count=|-l )(\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 64;

    /// <summary>
    /// SYNTHETIC (sysctl names of sys/dev/hyperv/netvsc/if_hn.c): hn opens one ring per vCPU (at most 8); ring 0 carries the SSH
    /// session, the others what the vRSS load spread to them.
    /// </summary>
    private static string Rings(GuestWorld w)
    {
        var rings = Math.Min(w.Cpus, 8);
        var text = new System.Text.StringBuilder($"dev.hn.0.rx_ring_inuse: {rings}\ndev.hn.0.tx_ring_inuse: {rings}\n");
        for (var r = 0; r < rings; r++)
        {
            var load = r < w.State.RxQueuePackets.Length ? w.State.RxQueuePackets[r] : 0;
            text.Append($"dev.hn.0.rx.{r}.packets: {Text((r == 0 ? 1532 : 0) + load)}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// SYNTHETIC in camcontrol devlist -v's layout: FreeBSD's storvsc(4) attaches the virtual HBA as a plain CAM bus and
    /// publishes no port WWN (no FC transport sysctls), so the sysctl grep finds nothing.
    /// </summary>
    private static string CamDevices(GuestWorld w) =>
        "scbus0 on storvsc0 bus 0:\n<Msft Virtual Disk 1.0>            at scbus0 target 0 lun 0 (pass0,da0)\n" +
        (w.DataDiskBytes > 0 ? "<Msft Virtual Disk 1.0>            at scbus0 target 0 lun 1 (pass1,da1)\n" : "") +
        string.Concat(w.FcPorts.Select((_, i) => $"scbus{i + 1} on storvsc{i + 1} bus 0:\n")) + "scbus-1 on xpt0 bus 0:\n<>                                 at scbus-1 target -1 lun ffffffff (xpt0)\n";

    /// <summary>
    /// SYNTHETIC in geom(8)'s `disk list` layout: the data disk with the size the twin's VHDX has; a VHDX LUN carries no NAA
    /// identifier the host assigned, so there is no lunid line.
    /// </summary>
    private static string Geom(GuestWorld w) =>
        $"Geom name: da1\nProviders:\n1. Name: da1\n   Mediasize: {Text(w.DataDiskBytes)} ({w.DataDiskBytes >> 30}.0G)\n   Sectorsize: 512\n   Mode: r0w0e0\n" +
        "   descr: Msft Virtual Disk\n   ident: (null)\n   rotationrate: unknown\n   fwsectors: 63\n   fwheads: 255\n";

    private const string Kvp = "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6";

    /// <summary>The real tree without the VMBus children whose class the host did not offer.</summary>
    private static string Tree(IReadOnlySet<string> offered, int release) =>
        string.Join('\n', Captures.Read(release >= 14 ? "devinfo-rv/freebsd-14-gen2-hyperv-hvhid.txt" : "devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt").Split('\n')
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
