using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Gen2.SecureBoot.SecureBootProbe;

namespace HvCert.Features.Gen2.SecureBoot;

internal static class SecureBootJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Firmware, out var firmware, out var failure))
        {
            return failure;
        }

        var mokutil = evidence.Command(Mokutil) is { ExitCode: not 127 } m ? MokutilParser.Parse(m.Stdout + "\n" + m.Stderr) : SecureBootState.Unknown;
        var variable = evidence.Command(Variable) is { } v ? EfiVariableParser.SecureBoot(v.Stdout + "\n" + v.Stderr) : SecureBootState.Unknown;
        var logged = evidence.Command(KernelLog) is { } k ? KernelLogEvents.SecureBootLogged(KernelLogParser.Parse(k.Stdout)) : null;
        var guest = mokutil != SecureBootState.Unknown ? mokutil : variable;
        var source = mokutil != SecureBootState.Unknown ? "mokutil --sb-state" : "the SecureBoot EFI variable";
        var kernel = logged switch { true => "; kernel: Secure boot enabled", false => "; kernel: Secure boot disabled", _ => string.Empty };

        if (firmware.Observation("firmware") != "uefi")
        {
            return Verdict.NotSupported($"the VM boots through {firmware.Observation("firmware") ?? "unknown firmware"}: Secure Boot needs UEFI");
        }

        if (firmware.Observation("secure_boot") is not ("true" or "on" or "enabled"))
        {
            return Verdict.NotSupported($"Secure Boot is off in the VM firmware; guest {source}: {guest}{kernel}");
        }

        return guest switch
        {
            SecureBootState.Enabled => Verdict.Supported($"enabled in the VM firmware and the guest reports it ({source}: enabled){kernel}"),
            SecureBootState.Unknown => Verdict.NotSupported("Secure Boot is on in the firmware but the guest reports no state (no mokutil, no readable SecureBoot variable)"),
            _ => Verdict.NotSupported($"Secure Boot is on in the VM firmware but the guest reports {guest} ({source}){kernel}"),
        };
    }
}
