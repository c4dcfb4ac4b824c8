using System.Globalization;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// A Debian 12 guest on Hyper-V. Its answers come from real Hyper-V/Azure captures under Samples/ (lsvmbus -vv of an Azure
/// D8ds_v5, /proc/interrupts, /proc/meminfo and CPU flags of a WSL 2 guest of the Hyper-V hypervisor, dmesg of a guest on a
/// Windows Server 2022 host and hv_balloon lines of one on Windows 10, ethtool -i/-k/-l of Azure's hv_netvsc, the hid_hyperv
/// mouse's /proc/bus/input/devices) with the twin host's state put in: the VMBus devices it offered, memory, CPUs, disk sizes,
/// KVP items, copied files, NMIs, pointer moves, time pushes, backups, NICs and HBAs (<see cref="GuestWorld"/>). Outputs with no
/// public capture are generated in the tool's documented format and say so where they are built. A command no rule knows exits
/// 127 (ScriptedGuest): the guest never invents a tool. Rules are tried in order; the first marker found answers.
/// </summary>
internal static partial class LinuxGuest
{
    public static IReadOnlyList<GuestRule> Rules(GuestWorld w, IReadOnlySet<string> offered)
    {
        Observe(w);
        return
        [
            // The runner's guest check after a failed attempt (GuestHealth): a healthy guest prints only `df -Pk / /var/tmp`
            // (synthetic, in POSIX df -P format; the twin's disk is never full, nor read-only, and no OOM kill happens).
            new(".hvcert-health", _ => Ok("Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 30787492 2233612 27964632 8% /\n/dev/sda1 30787492 2233612 27964632 8% /\n")),
            new("for d in /sys/bus/vmbus/devices/*", _ => Ok(Inventory(w))),
            new("EV=$(awk", _ => StartCapture(w)),
            new("od -An -tx1 -v -w24 /tmp/hvcert-mouse.bin", _ => ReadCapture(w)),
            new("cat /proc/bus/input/devices", _ => Ok(Captures.Read("proc-bus-input-devices/hyperv-synthetic-mouse.txt"))),
            new("lsvmbus", _ => Ok(Lsvmbus(w))),
            new("data_disk=$D", c => DataDiskCommand(w, c)),
            new("fstrim -v", _ => Fstrim(w)),
            new("lsblk -d -n -P -o NAME,TYPE,SIZE,VENDOR,MODEL,HCTL", _ => Ok(Disks(w))),
            new("ls -l /dev/disk/by-id/", _ => Ok(ById(w))),
            new("/sys/class/fc_host/", c => FcHosts(w, c)),
            new("/sys/block/*/device/wwid", _ => Exit(2, "", "grep: /sys/block/*/device/wwid: No such file or directory\n")),
            new("/proc/meminfo", _ => Ok(MemInfo(w))),
            new("/sys/devices/system/memory/block_size_bytes", _ => Ok(MemoryBlocks(w))),
            new("/sys/devices/system/cpu/online", c => Ok(CpuOnline(w, c))),
            new("/proc/sys/kernel/random/boot_id", _ => Ok($"{w.State.BootId}\n{Uptime(w)}\n")),
            new("/proc/uptime", _ => Ok(Uptime(w) + "\n")),
            new("cat /proc/interrupts", _ => Ok(Interrupts(w))),
            new("systemctl stop", c => Skew(w, c)),
            new("hvcert-timesync-stopped ] && xargs", _ => Restore(w)),
            new("date +%s.%N", _ => Ok(Clock(w))),
            new("chronyc -n sources", _ => Chrony(w, "sources")),
            new("chronyc -n tracking", _ => Chrony(w, "tracking")),
            new("/sys/class/ptp/ptp*", _ => Ok(PtpClocks(w))),
            new("journalctl -k -b 0", c => Grep(c, KernelLog(w)) with { ExitCode = 0 }), // the platform step ends in `|| true`
            new("journalctl", c => Grep(c, VssJournal(w))),
            new("dmesg", c => Grep(c, KernelLog(w))),
            new("touch /var/tmp/hvcert-thawed", _ => Ok("writable\n")),
            new("mokutil --sb-state", _ => Mokutil(w)),
            new("/sys/firmware/efi/efivars/SecureBoot", _ => SecureBootVariable(w)),
            new("ls -d /sys/firmware/efi", _ => Efi(w)),
            new("uname -m", _ => Ok("x86_64\n")),
            new("uname -r", _ => Ok(KernelRelease + "\n")),
            new("grep -m1 '^flags' /proc/cpuinfo", _ => Ok(Captures.Read("proc-cpuinfo/wsl2-hyperv-flags.txt"))),
            new("/var/lib/hyperv/.kvp_pool_0", _ => KvpPool(w, offered)),
            new("sha256sum", c => w.CopiedSha256(LastWord(c)) is { } sha ? Ok($"{sha}  {LastWord(c)}\n") : Exit(1, "", $"sha256sum: {LastWord(c)}: No such file or directory\n")),
            new("rm -f /var/tmp/hvcert-file-copy.bin", _ => Ok("")),
            new("| while read -r i; do ip addr del", c => RemoveAddress(w, c)),
            new("ip -4 -o addr show", _ => Ok(Addresses(w))),
            new("/sys/class/drm/card", _ => Ok(DrmCards(w))),
            new("/sys/class/graphics/fb0", _ => Ok(Framebuffer(w))),
            new("echo \"== $i\"; ethtool -S", _ => Ok(VfCounters(w))),
            new("echo \"== $i\"; ethtool -i", _ => Ok(string.Concat(w.Nics.Select((n, i) => $"== eth{i}\n" + EthtoolInfo(w, i))) + VfDriverInfo(w))),
            new("for n in /sys/class/net/*; do [ \"$(cat $n/address", c => NicCommand(w, c)),
            new("M=\"", c => NicCommand(w, c)),
            new("ip -d link show", _ => Ok(Links(w, null))),
            new("ip route show default", _ => StartPing(w)),
            new("pkill -INT -x ping", _ => Ok(PingSummary("gateway", 200, 200, 40_000))),
            new("timeout 90 bash -c 'for p in", c => Load(w, c)),
            new("dpkg-query", _ => Ok(Packages)),
            new("cat /etc/os-release", _ => Ok(OsRelease)),
            new("lsmod | awk", _ => Ok(Modules(w))),
            new("lspci", _ => Ok(PassthroughLspci(w) + Lspci(w))),
            new("hostname", _ => Ok(w.Name + "\n")),
        ];
    }

    /// <summary>Debian 12's kernel flavour (linux-image-amd64 in bookworm).</summary>
    private const string KernelRelease = "6.1.0-28-amd64";

    // SYNTHETIC: package versions of Debian 12 (bookworm) as its archive lists them; no capture of this query on a Hyper-V guest.
    private const string Packages = "hyperv-daemons 6.1.119-1\nopenssh-server 1:9.2p1-2+deb12u3\nchrony 4.3-2+deb12u1\nlinux-image-amd64 6.1.119-1\n";

    // Debian 12's /etc/os-release as base-files 12 ships it.
    private const string OsRelease = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\n" +
        "VERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

    /// <summary>Debian builds the Hyper-V drivers as modules: the VMBus core plus the driver of each offered device class.</summary>
    private static string Modules(GuestWorld w) =>
        string.Concat(new[] { "hv_vmbus" }.Concat(w.Vmbus.Select(v => VmbusClasses.TryGetValue(v.ClassId, out var c) ? c.Driver : null).OfType<string>())
            .Where(d => d.StartsWith("hv", StringComparison.Ordinal) || d.StartsWith("hyperv", StringComparison.Ordinal)).Distinct().Select(d => d + "\n"));

    /// <summary>What the guest notices by itself whatever it is asked: a host time push resets its clock, an NMI is logged.</summary>
    internal static void Observe(GuestWorld w)
    {
        var s = w.State;
        if (w.TimeSyncPushes > s.TimeSyncPushesSeen && w.Has(TimeSyncClass))
        {
            s.ClockOffset = 0; // hv_utils applies the host's ICTIMESYNCFLAG_SYNC sample when the component (re)connects
        }

        s.TimeSyncPushesSeen = w.TimeSyncPushes;
        while (s.NmiStamps.Count < w.NmisInjected)
        {
            s.NmiStamps.Add(w.Uptime);
        }
    }

    private const string TimeSyncClass = "9527e630-d0ae-497b-adce-e80ab0175caf";

    private static string Uptime(GuestWorld w) => w.Uptime.ToString("0.00", CultureInfo.InvariantCulture);

    private static string LastWord(string command) => command[(command.LastIndexOf(' ') + 1)..].Trim('\'', '"', ' ');

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
