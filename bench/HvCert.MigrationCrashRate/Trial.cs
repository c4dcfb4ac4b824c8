namespace HvCert.MigrationCrashRate;

/// <summary>One live migration and what became of the guest after it; one JSON line in results.jsonl.</summary>
internal sealed record Trial(
    int Generation,
    int Index,
    string Vm,
    string Outcome,
    string Detail,
    double MigrateSeconds,
    double ReconnectSeconds,
    long DowntimeMs,
    double Load1,
    string At)
{
    /// <summary>The guest answered SSH within the probe's deadline, same boot, uptime went on, the agent answered.</summary>
    public const string Survived = "survived";

    /// <summary>QMP migrate did not complete: the source still runs, the move itself failed.</summary>
    public const string MigrateFailed = "migrate-failed";

    /// <summary>The destination QEMU process exited.</summary>
    public const string QemuExit = "qemu-exit";

    /// <summary>The guest's serial console shows a kernel panic/oops, or pvpanic put QEMU into guest-panicked.</summary>
    public const string Panic = "kernel-panic";

    /// <summary>SSH answered but with another boot_id, or uptime went backwards.</summary>
    public const string Rebooted = "rebooted";

    /// <summary>No SSH within the deadline, QEMU running, no panic on the console.</summary>
    public const string NoSsh = "no-ssh";

    /// <summary>SSH answered, the same boot, but the guest agent did not answer.</summary>
    public const string NoAgent = "no-agent";

    public bool Died => Outcome != Survived;
}
