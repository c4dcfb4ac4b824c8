using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HvCert.Transport;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>The Linux guest's kernel views: log, interrupts, memory, CPUs, clock, KVP pool.</summary>
internal static partial class LinuxGuest
{
    /// <summary>
    /// The kernel log: the real boot lines of a guest on a Windows Server 2022 host (dmesg-hyperv/ws2022-two-line-form.txt),
    /// the real hv_balloon lines of a Dynamic Memory guest (dmesg/hyperv-win10-hassos-hv_balloon.txt) when the host offers the
    /// balloon device, then what the host made happen since boot: each NMI (arch/x86/kernel/nmi.c unknown_nmi_error text) at the
    /// uptime the guest noticed it, and the sd capacity-change line after a resize.
    /// </summary>
    private static IEnumerable<string> KernelLog(GuestWorld w)
    {
        foreach (var line in Captures.Read("dmesg-hyperv/ws2022-two-line-form.txt").Split('\n').Where(l => l.Length > 0))
        {
            yield return line;
        }

        if (w.Generation == 2)
        {
            // SYNTHETIC: the EFI banner and Secure Boot line texts of arch/x86/platform/efi and arch/x86/kernel/setup.c.
            yield return "[    0.000000] efi: EFI v2.7 by Microsoft";
            yield return w.SecureBoot ? "[    0.000000] secureboot: Secure boot enabled" : "[    0.000000] secureboot: Secure boot disabled";
        }

        if (w.Has("525074dc-8985-46e2-8057-a307dc18a502"))
        {
            foreach (var line in Captures.Read("dmesg/hyperv-win10-hassos-hv_balloon.txt").Split('\n').Where(l => l.Contains("hv_balloon", StringComparison.Ordinal)))
            {
                yield return line;
            }
        }

        foreach (var line in PassthroughKernelLines(w).Concat(VfKernelLines(w)))
        {
            yield return line;
        }

        foreach (var stamp in w.State.NmiStamps)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"[{stamp,12:0.000000}] Uhhuh. NMI received for unknown reason 30 on CPU 0.");
            yield return string.Create(CultureInfo.InvariantCulture, $"[{stamp,12:0.000000}] Dazed and confused, but trying to continue");
        }
    }

    /// <summary>SYNTHETIC: hv_vss_daemon's syslog lines ("VSS: op=FREEZE: succeeded", tools/hv/hv_vss_daemon.c) for each backup.</summary>
    private static IEnumerable<string> VssJournal(GuestWorld w)
    {
        if (!w.Has("35fa2e29-ea23-4236-96ae-3a6ebacba440"))
        {
            yield break;
        }

        for (var i = 0; i < w.Backups; i++)
        {
            var at = w.Now.AddSeconds(-30 + i).ToString("yyyy-MM-ddTHH:mm:ss+0000", CultureInfo.InvariantCulture);
            yield return $"{at} {w.Name} hv_vss_daemon[612]: VSS: op=FREEZE: succeeded";
            yield return $"{at} {w.Name} hv_vss_daemon[612]: VSS: op=THAW: succeeded";
        }
    }

    /// <summary>
    /// /proc/interrupts of a Hyper-V guest (proc-interrupts/wsl2-hyperv-2cpu.txt) without WSL 2's own virtio vPCI lines, one
    /// column per CPU the host gave, the NMI row counting the host's injections (a received NMI counts on CPU 0) and the VMBus
    /// callback row (HYP) growing with uptime.
    /// </summary>
    private static string Interrupts(GuestWorld w)
    {
        var lines = Captures.Read("proc-interrupts/wsl2-hyperv-2cpu.txt").Split('\n').Where(l => l.Length > 0 && !l.Contains("virtio", StringComparison.Ordinal)).ToList();
        var text = new StringBuilder();
        text.Append("     " + string.Concat(Enumerable.Range(0, w.Cpus).Select(c => $"       CPU{c}".PadLeft(11)))).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            var m = Row().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var counts = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
            if (counts.Count == 1 && m.Groups[3].Value.Length == 0)
            {
                text.Append(line).Append('\n'); // ERR, MIS: one total
                continue;
            }

            var row = Enumerable.Range(0, w.Cpus).Select(c => counts[c % counts.Count]).ToArray();
            if (m.Groups[1].Value == "NMI")
            {
                row = row.Select((_, c) => c == 0 ? (long)w.NmisInjected : 0).ToArray();
            }
            else if (m.Groups[1].Value == "HYP")
            {
                row = row.Select(v => v + (long)w.Uptime * 10).ToArray();
            }

            text.Append(m.Groups[1].Value.PadLeft(4)).Append(':').Append(string.Concat(row.Select(v => " " + v.ToString(CultureInfo.InvariantCulture).PadLeft(10))))
                .Append(m.Groups[3].Value.Length > 0 ? "   " + m.Groups[3].Value.Trim() : "").Append('\n');
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^\s*(\w+):((?:\s+\d+)+)(.*)$")]
    private static partial Regex Row();

    /// <summary>The real /proc/meminfo of a Hyper-V guest (proc-meminfo/wsl2-hyperv.txt) with MemTotal/MemFree/MemAvailable moved by the memory the twin gives the guest.</summary>
    private static string MemInfo(GuestWorld w)
    {
        var capture = Captures.Read("proc-meminfo/wsl2-hyperv.txt");
        var total = w.MemoryMb * 1024 - 139_072; // the kernel keeps ~136 MiB (firmware, kernel image) out of MemTotal, as in the capture (1.9 GB VM)
        var used = 1_858_304 - 1_182_164;
        return Regex.Replace(capture, @"^(MemTotal|MemFree|MemAvailable):\s+\d+ kB", m => m.Groups[1].Value switch
        {
            "MemTotal" => $"MemTotal:       {total,9} kB",
            "MemFree" => $"MemFree:        {total - used - 529_424,9} kB",
            _ => $"MemAvailable:   {total - used,9} kB",
        }, RegexOptions.Multiline);
    }

    /// <summary>Memory blocks of 128 MiB (x86_64's block size below 64 GiB), all online, in the lab capture's grep -H form.</summary>
    private static string MemoryBlocks(GuestWorld w)
    {
        var text = new StringBuilder("/sys/devices/system/memory/block_size_bytes:8000000\n");
        for (var i = 0; i < w.MemoryMb / 128; i++)
        {
            text.Append($"/sys/devices/system/memory/memory{i}/state:online\n");
        }

        return text.ToString();
    }

    /// <summary>All offered CPUs are online (Hyper-V cannot hot-add a CPU, so the list never grows).</summary>
    private static string CpuOnline(GuestWorld w, string command)
    {
        var list = w.Cpus == 1 ? "0" : $"0-{w.Cpus - 1}";
        return command.Contains("nproc", StringComparison.Ordinal) ? $"{list}\n{w.Cpus}\n" : list + "\n";
    }

    /// <summary>SyncProof.LinuxSkew: stops chrony (Debian runs it) and sets the clock back by the asked seconds.</summary>
    private static CommandResult Skew(GuestWorld w, string command)
    {
        var seconds = SkewSeconds().Match(command) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 30;
        w.State.TimeDaemonsStopped = true;
        w.State.ClockOffset -= seconds;
        return Ok($"skewed by -{seconds} s\n");
    }

    [GeneratedRegex(@"date \+%s\) - (\d+) \)\)")]
    private static partial Regex SkewSeconds();

    private static CommandResult Restore(GuestWorld w)
    {
        w.State.TimeDaemonsStopped = false;
        w.State.ClockOffset = 0; // chrony's makestep repairs what the host left
        return Ok("");
    }

    /// <summary>The guest clock: the twin's clock (the host's) plus what the guest's own skew left.</summary>
    private static string Clock(GuestWorld w)
    {
        var t = w.Now.ToUnixTimeMilliseconds() / 1000m + (decimal)w.State.ClockOffset;
        return t.ToString("0.000000000", CultureInfo.InvariantCulture) + "\n";
    }

    /// <summary>
    /// SYNTHETIC in the real output format of chronyc (chronyc-sources/*.txt, chronyc-tracking/*.txt): Debian with Azure's
    /// documented refclock (`refclock PHC /dev/ptp_hyperv poll 3 dpoll -2 offset 0`) selected when the host offers TimeSync;
    /// chronyd not running while the time-sync probe has stopped it.
    /// </summary>
    private static CommandResult Chrony(GuestWorld w, string what)
    {
        if (w.State.TimeDaemonsStopped)
        {
            return Exit(1, "", "506 Cannot talk to daemon\n");
        }

        var phc = w.Has(TimeSyncClass);
        if (what == "sources")
        {
            return Ok("MS Name/IP address         Stratum Poll Reach LastRx Last sample\n" +
                "===============================================================================\n" +
                (phc ? "#* PHC0                          0   3   377     7   +120ns[ +151ns] +/-  580ns\n" : "") +
                (phc ? "^- " : "^* ") + "time.windows.com              3   6   377    41  +2140us[+2142us] +/-   31ms\n");
        }

        return Ok((phc ? "Reference ID    : 50484330 (PHC0)\nStratum         : 1\n" : "Reference ID    : 14653C8A (time.windows.com)\nStratum         : 4\n") +
            "Ref time (UTC)  : Wed Jan 15 08:00:00 2025\nSystem time     : 0.000000102 seconds fast of NTP time\nLast offset     : +0.000000031 seconds\n" +
            "RMS offset      : 0.000000412 seconds\nFrequency       : 4.926 ppm slow\nResidual freq   : -0.001 ppm\nSkew            : 0.029 ppm\n" +
            "Root delay      : 0.000000001 seconds\nRoot dispersion : 0.000001129 seconds\nUpdate interval : 8.0 seconds\nLeap status     : Normal\n");
    }

    /// <summary>
    /// `base64 -w0` of hv_kvp_daemon's pool 0 file (/var/lib/hyperv/.kvp_pool_0): the items the host added, each a 512-byte key
    /// and a 2048-byte value, NUL-padded (struct kvp_record, tools/hv/hv_kvp_daemon.c). The daemon keeps it only while the KVP
    /// component is offered.
    /// </summary>
    private static CommandResult KvpPool(GuestWorld w, IReadOnlySet<string> offered)
    {
        if (!offered.Contains("a9a0f4e7-5a45-4d96-b827-8a841e8c03e6"))
        {
            return Exit(1, "", "base64: /var/lib/hyperv/.kvp_pool_0: No such file or directory\n");
        }

        var file = new byte[w.HostKvpItems.Count * 2560];
        var i = 0;
        foreach (var (k, v) in w.HostKvpItems)
        {
            Encoding.UTF8.GetBytes(k).AsSpan(0, Math.Min(511, Encoding.UTF8.GetByteCount(k))).CopyTo(file.AsSpan(i * 2560));
            Encoding.UTF8.GetBytes(v).AsSpan(0, Math.Min(2047, Encoding.UTF8.GetByteCount(v))).CopyTo(file.AsSpan(i * 2560 + 512));
            i++;
        }

        return Ok(Convert.ToBase64String(file));
    }
}
