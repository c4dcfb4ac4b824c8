using System.Diagnostics;
using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Features.Networking.LiveMigration;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;
using HvCert.Qemu.Lab;
using HvCert.Transport;

namespace HvCert.MigrationCrashRate;

/// <summary>
/// One generation's series: boots a lab VM through the backend (as a run does), then migrates it again and again through
/// its own <see cref="ILiveMigrationFacet"/> (the facet the live-migration probe calls) and checks the guest after each
/// move within the probe's own reconnect deadline. A dead guest's logs are kept, and a fresh VM continues the series.
/// </summary>
internal sealed class Series(QemuBackend backend, string runId, int generation, string evidenceDir, TimeSpan lateGrace)
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(6);

    /// <summary>The deadline <see cref="LiveMigrationProbe"/> gives the guest to answer SSH after the move.</summary>
    public static TimeSpan ProbeDeadline { get; } =
        new LiveMigrationProbe().Steps(BackendKind.Qemu).OfType<ReconnectGuest>().Single().Deadline;

    private static readonly string StartPing = ProbeCommand(LiveMigrationProbe.StartPing);

    private QemuVm? vm;
    private int boots;
    private (string Boot, double Uptime) last;

    public async Task<Trial> MigrateOnceAsync(int index, CancellationToken ct)
    {
        vm ??= await BootAsync(ct);
        var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        var source = QemuCommandLine.Build(vm.Options);
        // The probe's own background ping across the move: the guest keeps taking timer and network interrupts.
        await (await vm.UntilSshAcceptsAsync(BootDeadline, ct)).ExecAsync(StartPing, TimeSpan.FromSeconds(30), ct);
        var moved = await vm.Facet<ILiveMigrationFacet>()!.MigrateAsync(ct);
        var seconds = double.Parse(moved.Get("seconds") ?? "0", CultureInfo.InvariantCulture);
        var downtime = long.Parse(moved.Get("downtime_ms") ?? "-1", CultureInfo.InvariantCulture);
        Trial Make(string outcome, string detail, double reconnect) =>
            new(generation, index, vm.Name, outcome, detail, seconds, reconnect, downtime, load, DateTime.UtcNow.ToString("O"));
        if (!moved.Ok)
        {
            return await DeadAsync(Make(Trial.MigrateFailed, moved.Error ?? "?", 0), source, ct);
        }

        var clock = Stopwatch.StartNew();
        var (outcome, detail) = await CheckAsync(ct);
        var trial = Make(outcome, detail, Math.Round(clock.Elapsed.TotalSeconds, 1));
        return trial.Died ? await DeadAsync(trial, source, ct) : trial;
    }

    /// <summary>A guest command of the live-migration probe with its default parameters filled in.</summary>
    private static string ProbeCommand(int step)
    {
        var probe = new LiveMigrationProbe();
        var command = probe.Steps(BackendKind.Qemu).OfType<GuestCommand>().Single(s => s.Step == step).Command;
        return probe.Defaults.Aggregate(command, (c, p) => c.Replace("{{" + p.Key + "}}", p.Value, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (vm is not null)
        {
            await vm.DisposeAsync();
        }
    }

    private async Task<(string Outcome, string Detail)> CheckAsync(CancellationToken ct)
    {
        IGuestTransport ssh;
        try
        {
            ssh = await vm!.UntilSshAcceptsAsync(ProbeDeadline, ct);
        }
        catch (Exception e) when (e is GuestUnreachableException or InfrastructureException)
        {
            return await HowDeadAsync(e.Message.Split('\n')[0]);
        }

        var state = await ssh.ExecAsync(LiveMigrationProbe.BootState, TimeSpan.FromSeconds(30), ct);
        if (Liveness.ParseBootState(state.Stdout) is not { } now)
        {
            return await HowDeadAsync($"boot state unreadable (exit {state.ExitCode}, timed out {state.TimedOut})");
        }

        if (now.Boot != last.Boot || now.Uptime < last.Uptime)
        {
            return (Trial.Rebooted, $"boot_id {last.Boot} -> {now.Boot}, uptime {last.Uptime} -> {now.Uptime}");
        }

        last = now;
        await ssh.ExecAsync("pkill -INT -x ping; rm -f /tmp/hvcert-mig.txt /tmp/hvcert-mig.start", TimeSpan.FromSeconds(30), ct);
        try
        {
            await (await vm.AgentAsync(ct)).ExecuteAsync("guest-ping", null, TimeSpan.FromSeconds(20), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (Trial.NoAgent, e.Message.Split('\n')[0]);
        }

        return (Trial.Survived, $"uptime {now.Uptime:0.0} s");
    }

    private async Task<(string Outcome, string Detail)> HowDeadAsync(string why)
    {
        // The console first: pvpanic's default action ends QEMU on a guest panic, which is still a panic.
        var exited = vm!.Process.HasExited;
        var status = exited ? "exited" : await Liveness.QmpStatusAsync(vm);
        var panic = Liveness.PanicIn(vm);
        if (panic is not null || status == "guest-panicked")
        {
            return (Trial.Panic, $"qmp status {status}; console: {panic ?? "(no panic line)"}");
        }

        if (exited)
        {
            return (Trial.QemuExit, why);
        }

        return (Trial.NoSsh, $"qmp status {status}; {why}");
    }

    /// <summary>Keeps the dead VM's logs and both command lines, optionally waits to see if SSH comes back late, then drops the VM.</summary>
    private async Task<Trial> DeadAsync(Trial trial, IReadOnlyList<string> source, CancellationToken ct)
    {
        var dir = Path.Combine(evidenceDir, $"gen{generation}-{trial.Index:000}-{trial.Outcome}");
        Directory.CreateDirectory(dir);
        var late = "";
        if (trial.Outcome == Trial.NoSsh && lateGrace > TimeSpan.Zero)
        {
            try
            {
                await vm!.UntilSshAcceptsAsync(lateGrace, ct);
                late = $"; SSH answered within a further {lateGrace.TotalSeconds:0} s";
            }
            catch (Exception e) when (e is GuestUnreachableException or InfrastructureException)
            {
                late = $"; still no SSH after a further {lateGrace.TotalSeconds:0} s";
            }
        }

        foreach (var file in Directory.GetFiles(vm!.Options.Files.Dir).Where(f => Path.GetFileName(f) is var n && (n.StartsWith("serial", StringComparison.Ordinal) || n.StartsWith("qemu", StringComparison.Ordinal)) && n.EndsWith(".log", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
        }

        await File.WriteAllLinesAsync(Path.Combine(dir, "cmdline-source.txt"), source, ct);
        await File.WriteAllLinesAsync(Path.Combine(dir, "cmdline-destination.txt"), QemuCommandLine.Build(vm.Options), ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "outcome.txt"), $"{trial}{late}\nqmp status now: {await Liveness.QmpStatusAsync(vm)}\n", ct);
        await vm.DisposeAsync();
        vm = null;
        return trial with { Detail = trial.Detail + late };
    }

    private async Task<QemuVm> BootAsync(CancellationToken ct)
    {
        boots++;
        var spec = new VmSpec(runId, $"mig-gen{generation}-{boots}", "debian-bookworm", generation == 1 ? Generation.Gen1 : Generation.Gen2, SecureBoot: generation == 2);
        var booted = (QemuVm)await backend.ProvisionAsync(spec, ct);
        var ssh = await booted.UntilSshAcceptsAsync(BootDeadline, ct);
        var state = await ssh.ExecAsync(LiveMigrationProbe.BootState, TimeSpan.FromSeconds(30), ct);
        last = Liveness.ParseBootState(state.Stdout) ?? throw new InvalidOperationException($"boot state unreadable after boot: {state.Stdout} {state.Stderr}");
        return booted;
    }
}
