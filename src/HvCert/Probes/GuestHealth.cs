using HvCert.Evidence;

namespace HvCert.Probes;

/// <summary>
/// The check the runner makes after an attempt that a judge called Not supported (or a probe Error): is the guest's
/// environment sound? A full or read-only disk or an OOM kill does not always say so in the failing step's own words
/// (qemu-ga reports only "hwclock failed" when the guest clock cannot be saved on a full disk), so the runner writes a
/// small file and reads the kernel log, and records the outcome as this extra step of the attempt. Only the fault texts
/// of <see cref="InfrastructureFaults"/> in its output, or a guest that no longer answers it, make the attempt an
/// infrastructure Error. Isolated probes (shutdown, NMI, migration) are not checked: they may stop the VM on purpose.
/// POSIX sh: Linux and FreeBSD guests.
/// </summary>
public static class GuestHealth
{
    /// <summary>Far above every probe's own steps, so it never collides with one.</summary>
    public const int Step = 900;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public const string Command =
        "f=/var/tmp/.hvcert-health.$$; err=$(dd if=/dev/zero of=\"$f\" bs=4096 count=16 2>&1 >/dev/null) || echo \"write test: $err\"; rm -f \"$f\"; "
        + "dmesg 2>/dev/null | grep -m1 -e 'Out of memory: Killed process' -e 'invoked oom-killer'; df -Pk / /var/tmp 2>&1; true";

    /// <summary>The fault the check found, in words for the verdict reason; null when none (or when it did not run).</summary>
    public static string? Fault(CommandRan check) =>
        check.Step == Step && !check.TimedOut ? InfrastructureFaults.InGuestOutput(check) : null;
}
