namespace HvCert.Running;

/// <summary>How a run executes: its id (tags every VM), how many VMs run at once, and how long a boot may take.</summary>
/// <param name="OutputCap">Bytes of stdout/stderr kept per guest command.</param>
internal sealed record RunOptions(string RunId, int Slots, TimeSpan BootDeadline, int OutputCap = 64 * 1024)
{
    /// <summary>Snapshot name used for reverting before isolated probes.</summary>
    public const string CleanSnapshot = "hvcert-clean";

    /// <summary>
    /// After an infrastructure failure, how long (wall clock) to wait for a Ctrl-C that may have caused it: SIGINT reaches
    /// QEMU (same process group) before the runner sees the cancellation.
    /// </summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(2);
}
