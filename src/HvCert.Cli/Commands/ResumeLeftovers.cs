using HvCert.Hosts;
using HvCert.Qemu.Lab;

namespace HvCert.Cli.Commands;

/// <summary>
/// A resume owns what the killed process of its run left on the lab (QEMUs, namespaces, the run folder) from its first
/// step: it removes them before installing, detecting or building anything, none of which it may be interrupted in
/// with those leftovers still there. Seen in the fault campaign: SIGTERM 2.6 s into a resume that followed a kill -9
/// ended it during preparation, before the run session's own reap, and the killed run's QEMU stayed. Reaping is not
/// cancellable (a signal only cancels a token), so once the resume's inputs are read the leftovers go. Hyper-V
/// leftovers need the backend's host session, so they are reaped when the session starts (RunSession.ResumeAsync).
/// </summary>
internal static class ResumeLeftovers
{
    public static int ReapFirst(BackendKind backend, string runId, TextWriter stdout) =>
        ReapFirst(backend, runId, new QemuReaper(QemuBackendDefaults.RunRoot), stdout);

    internal static int ReapFirst(BackendKind backend, string runId, QemuReaper reaper, TextWriter stdout)
    {
        if (backend != BackendKind.Qemu)
        {
            return 0;
        }

        var result = reaper.Reap(runId, new HashSet<string>());
        foreach (var line in result.Lines)
        {
            stdout.WriteLine($"resume: {line}");
        }

        return result.Removed;
    }
}
