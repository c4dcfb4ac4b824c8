using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Probes;
using HvCert.Running;
using HvCert.Tests.Running.Fakes;
using HvCert.Transport;
using static HvCert.Tests.Running.Fakes.TestPlans;

namespace HvCert.Tests.Running;

/// <summary>
/// Faults of the lab are never verdicts (issue #16, seen on the lab): a stalled QMP/agent call during heartbeat's host
/// step read as "host sees no heartbeat" (Not supported, not retried); a full guest disk made TRIM and file copy Not
/// supported; a timed-out guest command was an Error that was never retried. Each must be an infrastructure Error,
/// retried once on a fresh VM, with the fault named.
/// </summary>
public sealed class InfrastructureFaultTests
{
    private static Verdict HostJudge(ProbeEvidence e) =>
        e.Host(2) is { Ok: true } ? Verdict.Supported("host sees the heartbeat") : Verdict.NotSupported("host sees no heartbeat from the guest");

    private static Verdict GuestJudge(ProbeEvidence e) =>
        e.Command(2) is { ExitCode: 0, TimedOut: false } ? Verdict.Supported("fstrim ran") : Verdict.NotSupported("fstrim failed");

    [Fact]
    public async Task HostActionTimedOut_ErrorRetriedOnFreshVm_NotNotSupported()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = async (ctx, attempt, ct) => await ctx.HostAsync(2, _ => Task.FromResult(attempt == 1
            ? HostActionResult.Failure("guest-ping", "guest agent did not answer within 10 s", (InfrastructureFaults.TimedOutKey, "true"))
            : HostActionResult.Success("guest-ping")), ct);
        catalog["core.heartbeat"].JudgeWith = HostJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("core.heartbeat");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Supported, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains("guest-ping", judged[0].Reason, StringComparison.Ordinal);
        Assert.Contains("timed out", judged[0].Reason, StringComparison.Ordinal);
        Assert.Equal(2, run.Backend.Vms.Count);
    }

    [Fact]
    public async Task HostActionRelaysGuestEnospc_ErrorRetriedOnFreshVm()
    {
        // qemu-ga's guest-file-write relays the guest's errno (seen on the lab: file copy on a full disk read Not supported).
        var plan = Plan([Group("g1", Generation.Gen1, ["misc.file-copy"])]);
        var catalog = CatalogFor(plan);
        catalog["misc.file-copy"].Before = async (ctx, attempt, ct) => await ctx.HostAsync(2, _ => Task.FromResult(attempt == 1
            ? HostActionResult.Failure("guest-file-write", "guest-file-write failed: Guest agent command failed, error was 'failed to write to file: No space left on device'")
            : HostActionResult.Success("guest-file-write")), ct);
        catalog["misc.file-copy"].JudgeWith = HostJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("misc.file-copy");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Supported, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains("disk is full", judged[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailureWithoutFaultText_GuestCheckFindsFullDisk_ErrorRetriedWithTheCheckRecorded()
    {
        // qemu-ga says only "hwclock failed" when the guest cannot save its clock on a full disk (seen on the lab: time
        // sync Not supported): the runner's guest check after the attempt finds the full disk.
        var plan = Plan([Group("g1", Generation.Gen1, ["core.time-sync"])]);
        var catalog = CatalogFor(plan);
        catalog["core.time-sync"].Before = async (ctx, attempt, ct) =>
        {
            if (attempt == 1)
            {
                ((FakeVm)ctx.Vm).Guest.Script = c => c == GuestHealth.Command
                    ? new CommandResult(c, 0, "write test: dd: error writing '/var/tmp/.hvcert-health.812': No space left on device\n", "", TimeSpan.FromMilliseconds(3))
                    : null;
            }

            await ctx.HostAsync(2, _ => Task.FromResult(attempt == 1
                ? HostActionResult.Failure("guest-set-time", "hwclock failed to set hardware clock to system time")
                : HostActionResult.Success("guest-set-time")), ct);
        };
        catalog["core.time-sync"].JudgeWith = HostJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("core.time-sync");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Supported, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains("disk is full", judged[0].Reason, StringComparison.Ordinal);
        Assert.Contains("guest check", judged[0].Reason, StringComparison.Ordinal);
        var check = Assert.Single(run.Recorder.Snapshot().OfType<CommandRan>(), c => c.Step == GuestHealth.Step);
        Assert.Equal(1, check.Attempt);
    }

    [Fact]
    public async Task HostActionFailedWithoutTimeout_OnAHealthyGuest_CheckedOnceAndKeepsTheJudgesVerdict()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = async (ctx, _, ct) => await ctx.HostAsync(2, _ => Task.FromResult(
            HostActionResult.Failure("guest-ping", "heartbeat state: NoContact")), ct);
        catalog["core.heartbeat"].JudgeWith = HostJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        Assert.Equal(VerdictKind.NotSupported, Assert.Single(run.Judged("core.heartbeat")).Verdict);
        Assert.Single(run.Recorder.Snapshot().OfType<CommandRan>(), c => c.Step == GuestHealth.Step);
    }

    [Fact]
    public async Task GuestUnreachableAfterAFailedSharedVmAttempt_IsAnInfrastructureErrorRetriedNotNotSupported()
    {
        // Fault campaign: kill -9 of QEMU under a shared-VM probe. "No heartbeat" is also what a dead VM shows, so a
        // guest that no longer answers the check makes the attempt an Error, retried on a fresh VM.
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = async (ctx, _, ct) =>
        {
            ((FakeVm)ctx.Vm).Guest.Script = c => c == GuestHealth.Command ? throw new GuestUnreachableException("connection refused") : null;
            await ctx.HostAsync(2, _ => Task.FromResult(HostActionResult.Failure("guest-ping", "heartbeat state: NoContact")), ct);
        };
        catalog["core.heartbeat"].JudgeWith = HostJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("core.heartbeat");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Error, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains("stopped answering", judged[0].Reason, StringComparison.Ordinal);
        Assert.Contains("connection refused", judged[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuestCheckThatCrashesOtherwise_KeepsTheJudgesVerdict()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = async (ctx, _, ct) =>
        {
            ((FakeVm)ctx.Vm).Guest.Script = c => c == GuestHealth.Command ? throw new InvalidOperationException("no sh") : null;
            await ctx.HostAsync(2, _ => Task.FromResult(HostActionResult.Failure("guest-ping", "heartbeat state: NoContact")), ct);
        };
        catalog["core.heartbeat"].JudgeWith = HostJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        Assert.Equal(VerdictKind.NotSupported, Assert.Single(run.Judged("core.heartbeat")).Verdict);
    }

    [Theory]
    [InlineData("timeout", "timed out")]
    [InlineData("mkdir: cannot create directory '/mnt/t': No space left on device", "disk is full")]
    [InlineData("touch: cannot touch '/x': Read-only file system", "read-only")]
    [InlineData("Out of memory: Killed process 812 (fstrim)", "OOM")]
    public async Task GuestFault_ErrorRetriedOnFreshVm(string fault, string named)
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["storage.trim"])]);
        var catalog = CatalogFor(plan);
        catalog["storage.trim"].Before = async (ctx, attempt, ct) =>
            await ctx.WithGuest(new ScriptedGuest(attempt == 1 ? fault : null)).ExecAsync(2, "fstrim -v /mnt", TimeSpan.FromSeconds(5), ct);
        catalog["storage.trim"].JudgeWith = GuestJudge;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("storage.trim");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Supported, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains(named, judged[0].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, run.Backend.Vms.Count);
    }

    [Fact]
    public async Task CtrlC_VmDiesBeforeCancellationArrives_CellCancelledNotErrorAndRetryKept()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat", "storage.trim"])]);
        var catalog = CatalogFor(plan);
        using var ctrlC = new CancellationTokenSource();
        catalog["core.heartbeat"].Before = (_, _, _) =>
        {
            ctrlC.CancelAfter(TimeSpan.FromMilliseconds(100)); // SIGINT killed QEMU first; the token follows
            throw new InfrastructureException("QEMU exited (signal 2)");
        };
        var run = new RunnerHarness(new FakeBackend(), catalog) { CancellationGrace = TimeSpan.FromSeconds(5) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(plan, ctrlC.Token));

        var judged = Assert.Single(run.Judged("core.heartbeat"));
        Assert.True(judged.Cancelled);
        Assert.Equal(VerdictKind.Skipped, judged.Verdict);
        Assert.False(judged.WillRetry);
        var outcome = CellOutcomes.From(run.Recorder.Snapshot())[judged.Cell];
        Assert.False(outcome.Finished); // a resume runs it again
        Assert.False(outcome.HadRetriedError);
    }

    [Fact]
    public async Task Sigterm_RetryBootKilledBeforeCancellationArrives_NoBootFailureChargedAndCellNotFinished()
    {
        // Seen on the lab (fault campaign, 2026-12-02): SIGTERM while a cell's retry VM booted. The signal handler killed
        // QEMU before the token was cancelled, so the boot read as "did not come up": the cell's second attempt became a
        // final Error (a resume never ran it again) and the next cell spent its retry.
        var plan = Plan([Group("g1", Generation.Gen1, ["misc.file-copy", "storage.trim"])]);
        var catalog = CatalogFor(plan);
        catalog["misc.file-copy"].Before = (_, attempt, _) =>
            attempt == 1 ? throw new InfrastructureException("the guest's disk is full (ENOSPC)") : Task.CompletedTask;
        using var sigterm = new CancellationTokenSource();
        var backend = new FakeBackend();
        var boots = 0;
        backend.BootDelay = _ =>
        {
            if (++boots < 2)
            {
                return Task.CompletedTask;
            }

            sigterm.CancelAfter(TimeSpan.FromMilliseconds(100));
            throw new InfrastructureException("QEMU exited before SSH answered");
        };
        var run = new RunnerHarness(backend, catalog) { CancellationGrace = TimeSpan.FromSeconds(5) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(plan, sigterm.Token));

        Assert.Empty(run.Events<VmProvisionFailed>());
        Assert.Equal([(1, VerdictKind.Error, true)], run.Judged("misc.file-copy").Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Empty(run.Judged("storage.trim"));
        var outcomes = CellOutcomes.From(run.Recorder.Snapshot());
        Assert.False(outcomes[run.Judged("misc.file-copy")[0].Cell].Finished); // a resume runs its second attempt
    }

    [Fact]
    public async Task CtrlC_MidProbe_InProgressCellCancelled()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        using var ctrlC = new CancellationTokenSource();
        catalog["core.heartbeat"].Before = async (_, _, ct) =>
        {
            await ctrlC.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        };
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(plan, ctrlC.Token));

        Assert.True(Assert.Single(run.Judged("core.heartbeat")).Cancelled);
    }

    [Fact]
    public void Summary_CountsEveryVerdictKindAsResultsJsonDoes()
    {
        var cell = new HvCert.Planning.CellKey("debian-12", Generation.Gen1, "qemu", "core.heartbeat");
        var unjudged = new HvCert.Planning.CellKey("debian-12", Generation.Gen1, "qemu", "storage.trim");
        EvidenceEvent[] events =
        [
            new ProbeStarted(cell, 1, "g1#1"),
            new ProbeJudged(cell, 1, VerdictKind.Error, "QEMU died", 5) { WillRetry = true },
            new ProbeStarted(unjudged, 1, "g1#1"),
        ];

        var summary = RunStatusPolicy.Summary(events);
        var results = HvCert.Reporting.RunResultsBuilder.Build(events);

        Assert.Equal(2, results.Count(VerdictKind.Error));
        Assert.Equal("2 error", summary);
    }

    [Fact]
    public void Progress_AfterResume_CountContinues()
    {
        var judged = 0;
        ProgressText.Describe(new RunResumed("r1", 3), ref judged, 10);
        var line = ProgressText.Describe(new ProbeJudged(new HvCert.Planning.CellKey("d", Generation.Gen1, "q", "core.kvp"), 1, VerdictKind.Supported, "ok", 1), ref judged, 10);
        Assert.StartsWith("[8/10]", line, StringComparison.Ordinal);
    }

    /// <summary>A guest that answers one command with a fault (a timeout, or stderr with exit 1), or healthily.</summary>
    private sealed class ScriptedGuest(string? fault) : IGuestTransport
    {
        public Task<CommandResult> ExecAsync(string command, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(fault switch
            {
                null => new CommandResult(command, 0, "/mnt: 1 GiB trimmed\n", "", TimeSpan.FromMilliseconds(5)),
                "timeout" => new CommandResult(command, -1, "", "", timeout, TimedOut: true),
                _ => new CommandResult(command, 1, "", fault + "\n", TimeSpan.FromMilliseconds(5)),
            });

        public Task UploadAsync(Stream content, string guestPath, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<byte[]> DownloadAsync(string guestPath, CancellationToken cancellationToken) => Task.FromResult(Array.Empty<byte>());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
