using System.Globalization;
using System.Text.RegularExpressions;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// A Linux guest on Hyper-V, answering from real Hyper-V/Azure captures under Samples/ (lsvmbus -vv of an Azure D8ds_v5,
/// dmesg of a guest on a Windows Server 2022 host, ethtool -i of Azure's hv_netvsc). VMBus devices whose integration
/// component the host did not enable are dropped from lsvmbus; values the host changes (memory, CPUs, KVP pool, copied
/// files, NMIs) come from the <see cref="GuestWorld"/>. Any command without a rule exits 127 (ScriptedGuest): the guest never
/// invents an answer, so a probe whose commands are not covered here ends in the judge's own verdict for "tool missing".
/// </summary>
internal static partial class LinuxGuest
{
    public static IReadOnlyList<GuestRule> Rules(GuestWorld w, IReadOnlySet<string> offered) =>
    [
        new("lsvmbus", _ => Ok(Lsvmbus(offered))),
        new("dmesg", _ => Ok(Captures.Read("dmesg-hyperv/ws2022-two-line-form.txt") + Nmi(w))),
        new("ethtool -i", _ => Ok(Captures.Read("ethtool-i/lisa-azure-netvsc.txt"))),
        new("/proc/meminfo", _ => Ok($"MemTotal:       {Text(w.MemoryMb * 1024 - 120_000)} kB\n")),
        new("nproc", _ => Ok(Text(w.Cpus) + "\n")),
        new("/etc/os-release", _ => Ok("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nID=debian\n")),
        new("uname -r", _ => Ok("6.1.0-28-amd64\n")),
        new("/var/lib/hyperv/.kvp_pool_0", _ => Ok(string.Concat(w.HostKvpItems.Select(i => i.Key + "\n" + i.Value + "\n")))),
        new("sha256sum", c => w.CopiedSha256(Path(c)) is { } sha ? Ok($"{sha}  {Path(c)}\n") : Exit(1, "", $"sha256sum: {Path(c)}: No such file or directory\n")),
    ];

    /// <summary>The Azure capture's devices, less the integration components this host has not enabled.</summary>
    private static string Lsvmbus(IReadOnlySet<string> offered) =>
        string.Join("\n\n", Captures.Read("lsvmbus-vv/azure-d8ds-v5-4nic.txt").Split("\n\n")
            .Where(block => ClassId().Match(block) is not { Success: true } m || offered.Contains(m.Groups[1].Value) || !Decided.Contains(m.Groups[1].Value)));

    private static readonly HashSet<string> Decided =
    [
        "0e0b6031-5213-4934-818b-38d90ced39db", "9527e630-d0ae-497b-adce-e80ab0175caf", "57164f39-9115-4e78-ab55-382f3bd5422d",
        "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "35fa2e29-ea23-4236-96ae-3a6ebacba440", "34d14be3-dee4-41c8-9ae7-6b174977c192",
    ];

    // The message text of arch/x86/kernel/nmi.c unknown_nmi_error(); the timestamp is ours.
    private static string Nmi(GuestWorld w) => w.NmisInjected > 0 ? "[  120.000000] Uhhuh. NMI received for unknown reason 30 on CPU 0.\n" : "";

    private static string Path(string command) => command[(command.LastIndexOf(' ') + 1)..].Trim('\'', '"', ' ');

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Class_ID = \{([0-9a-f-]{36})\}")]
    private static partial Regex ClassId();
}
