using System.Text.RegularExpressions;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>What the guest's own kernel says it runs on: Hyper-V, another hypervisor (named), or nothing it printed.</summary>
internal sealed record PlatformSeen(bool HyperV, string? Other, string? Line)
{
    public static readonly PlatformSeen Unknown = new(false, null, null);
}

/// <summary>
/// The platform gate in front of every judge under <c>--backend hyperv</c> (step 0 of each probe, Hyper-V runs only): the
/// guest kernel's own hypervisor detection, from its boot log. Linux prints "Hypervisor detected: &lt;name&gt;"
/// (arch/x86/kernel/cpu/hypervisor.c) and "Hyper-V: ..." lines (arm64 has no CPUID line); FreeBSD prints
/// "Hypervisor: Origin = "&lt;CPUID signature&gt;"" and "Hyper-V Version:". A guest whose kernel detected KVM (AWS Nitro and
/// GCE are KVM), Xen, VMware or bhyve is never evidence of a Hyper-V feature, whatever its other outputs show; a guest
/// whose log names no hypervisor cannot be shown to be on Hyper-V, so it may not pass either. Device-level identity
/// (VMBus class, Hyper-V driver) stays in each judge: QEMU under WHPX shows the host's "Microsoft Hv" signature.
/// </summary>
internal static partial class Platform
{
    public const int Step = 0;

    // journalctl keeps the whole boot's kernel log after the ring buffer wrapped; dmesg is the fallback without journald.
    public const string LinuxCommand =
        "{ journalctl -k -b 0 --no-pager -q 2>/dev/null; dmesg 2>/dev/null; } | grep -m 6 -E 'Hypervisor detected|Booting paravirtualized kernel|Hyper-V:|Hyper-V Host Build|DMI:' || true";

    public const string FreeBsdCommand = "grep -m 6 -E 'Hypervisor: Origin|Hyper-V Version|XEN: Hypervisor|on vmbus0' /var/run/dmesg.boot || true";

    public static GuestCommand StepFor(OsFamily os) => new(Step, os == OsFamily.FreeBsd ? FreeBsdCommand : LinuxCommand,
        "the hypervisor the guest's kernel detected at boot (a guest of another hypervisor is no evidence of a Hyper-V feature)");

    /// <summary>FreeBSD's CPUID signatures (sys/x86/x86/identcpu.c prints them) and what they are.</summary>
    private static readonly (string Signature, string What)[] Signatures =
    [
        ("Microsoft Hv", "Microsoft Hyper-V"), ("KVMKVMKVM", "KVM"), ("XenVMMXenVMM", "Xen"), ("VMwareVMware", "VMware"),
        ("bhyve bhyve", "bhyve"), ("TCGTCGTCGTCG", "QEMU TCG"), ("VBoxVBoxVBox", "VirtualBox"),
    ];

    public static PlatformSeen Parse(string text)
    {
        string? other = null, otherLine = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (LinuxDetected().Match(line) is { Success: true } l)
            {
                var name = l.Groups[1].Value.Trim();
                if (name.StartsWith("Microsoft Hyper-V", StringComparison.Ordinal))
                {
                    return new PlatformSeen(true, null, line);
                }

                (other, otherLine) = (other ?? name, otherLine ?? line);
            }
            else if (FreeBsdOrigin().Match(line) is { Success: true } f)
            {
                var what = Signatures.FirstOrDefault(s => f.Groups[1].Value.Trim() == s.Signature.Trim()).What ?? $"a hypervisor signing \"{f.Groups[1].Value}\"";
                if (what == "Microsoft Hyper-V")
                {
                    return new PlatformSeen(true, null, line);
                }

                (other, otherLine) = (other ?? what, otherLine ?? line);
            }
            else if (line.Contains("XEN: Hypervisor version", StringComparison.Ordinal))
            {
                (other, otherLine) = (other ?? "Xen", otherLine ?? line);
            }
            else if (other is null && (HyperVLine().IsMatch(line) || line.StartsWith("Hyper-V Version:", StringComparison.Ordinal) || line.EndsWith(" on vmbus0", StringComparison.Ordinal)))
            {
                return new PlatformSeen(true, null, line);
            }
        }

        return other is null ? PlatformSeen.Unknown : new PlatformSeen(false, other, otherLine);
    }

    /// <summary>
    /// The feature judge's verdict, held back under Hyper-V unless the guest's kernel detected Hyper-V: another hypervisor
    /// gives Not supported naming it, an unknown platform or a missing step 0 never lets a pass through. Other backends
    /// (the QEMU lab: its stand-ins are the offered devices) pass through unchanged.
    /// </summary>
    public static Verdict Gate(ProbeEvidence evidence, string featureId, Verdict verdict)
    {
        if (evidence.Backend != BackendKind.HyperV)
        {
            return verdict;
        }

        var pass = verdict.Kind is VerdictKind.Supported or VerdictKind.SupportedWithCaveat;
        var step = evidence.Command(Step);
        if (step is null || step.ExitCode != 0)
        {
            // Missing or unreadable evidence is not a property of the guest (e.g. re-judging evidence recorded before the
            // gate existed, or a guest whose log could not be read): an infrastructure Error, never Not supported.
            return pass
                ? Verdict.Error($"infrastructure: no record of the guest's hypervisor (step {Step} {(step is null ? "did not run" : $"exited {step.ExitCode}")}), so this cannot be shown to be a Hyper-V guest; re-run the cell; the feature itself: {Judging.Clip(verdict.Reason, 200)}")
                : verdict;
        }

        var seen = Parse(step.Stdout);
        if (seen.HyperV)
        {
            return verdict;
        }

        if (seen.Other is { } other)
        {
            return Verdict.NotSupported($"{featureId} ran in a guest of {other} ('{Judging.Clip(seen.Line!, 90)}'), not Hyper-V: another hypervisor's guest is no evidence of a Hyper-V feature");
        }

        return pass
            ? Verdict.NotSupported($"the guest's boot log names no hypervisor (step {Step}), so this cannot be shown to be a Hyper-V guest; the feature itself: {Judging.Clip(verdict.Reason, 200)}")
            : verdict;
    }

    [GeneratedRegex(@"Hypervisor detected: (.+)$")]
    private static partial Regex LinuxDetected();

    [GeneratedRegex(@"Hypervisor: Origin = ""([^""]*)""")]
    private static partial Regex FreeBsdOrigin();

    [GeneratedRegex(@"\bHyper-V:|Hyper-V Host Build")]
    private static partial Regex HyperVLine();
}
