using System.CommandLine;
using HvCert.Cli.Backends;
using HvCert.Evidence;
using HvCert.Features;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Qemu.Images;
using HvCert.Running;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>
/// `hvcert run`: check the inputs, make the host ready (see <see cref="RunPreparation"/>), plan, boot, probe, keep every
/// observation in reports/&lt;run-id&gt;/, render the reports.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(5);

    public static Command Build()
    {
        var o = new RunCommandOptions();
        var command = new Command("run", "Certify the targets of MATRIX against SUITE: boots VMs, runs every probe, writes evidence and reports "
            + "under --output/<run-id>/. Exit 0 all green, 1 a feature not supported (or a baseline regression), 2 bad input, "
            + "3 infrastructure error left after a retry (or no cell can execute on this host), 130 cancelled.");
        o.AddTo(command);
        command.SetAction(async (result, ct) => await RunAsync(o.Read(result), Console.Out, Console.Error, ct));
        return command;
    }

    /// <param name="hyperV">Tests only: a Hyper-V twin's clock and guests (see <see cref="BackendRegistry.HyperVHooks"/>).</param>
    internal static async Task<int> RunAsync(RunRequest request, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken,
        BackendRegistry.HyperVHooks? hyperV = null)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out);
        var images = LabImageStore.CreateDefault();
        RunDirectory? resumeDir = null;
        EvidenceLog? prior = null;
        PreparedRun? prepared;
        try
        {
            Func<Func<BackendKind, BackendCapabilities>, Plan> plan;
            if (request.Resume is { } resume)
            {
                (plan, resumeDir, prior) = LoadResume(resume);
            }
            else
            {
                plan = capabilities => MakePlan(request, capabilities);
            }

            // Inputs first, with every facet assumed offered: a bad file stops before anything is installed or detected.
            var checkedInputs = plan(BackendCapabilities.Everything);
            if (resumeDir is not null)
            {
                ResumeLeftovers.ReapFirst(checkedInputs.Backend, resumeDir.RunId, stdout);
            }

            HostColumnCheck.ThrowIfUnserved(checkedInputs, resumeDir?.Matrix ?? request.Matrix, request.Inventory);
            if (request.Baseline is { } baselinePath && !RunBaseline.IsReadable(baselinePath, stderr))
            {
                return ExitCodes.BadInput;
            }

            (prepared, var stop) = await RunPreparation.PrepareAsync(checkedInputs, plan, ThisMachine(images, request.Inventory, stdout, stderr, interactive),
                stderr, time, cancellationToken);
            if (stop is { } code)
            {
                return code;
            }
        }
        catch (InputException ex)
        {
            CliOutput.PrintDiagnostics(stderr, ex.Diagnostics);
            return ExitCodes.BadInput;
        }
        catch (EvidenceFormatException ex)
        {
            stderr.WriteLine($"hvcert: {HvCert.Reporting.TextEscaping.Visible(ex.Message)}");
            return ExitCodes.BadInput;
        }

        var ready = prepared!.Plan;
        IHostBackend backend;
        try
        {
            backend = await BackendRegistry.CreateAsync(ready.Backend, new BackendRegistry.FactoryInputs(
                async (name, ct) => (await images.EnsureAsync(LabRelease.Parse(name), null, ct)).DiskPath, request.Inventory,
                AcceleratorOption.Parse(request.Accel), hyperV), cancellationToken);
        }
        catch (InfrastructureException ex)
        {
            stderr.WriteLine($"hvcert: the {ready.Backend} backend cannot run here: {ex.Message}");
            return ExitCodes.InfrastructureError;
        }
        catch (InputException ex)
        {
            CliOutput.PrintDiagnostics(stderr, ex.Diagnostics);
            return ExitCodes.BadInput;
        }

        await using var owned = backend;
        // The probes' clock is the one the guests live by: the machine's, or in tests a twin's lab clock (its guests' clocks
        // follow it, so a time-sync probe measured against the machine's clock would see the twin's date as an offset).
        var env = new RunEnvironment(backend, ProbeRegistry.Catalog,
            cells => interactive ? new LiveProgress(stdout, cells, () => Console.WindowWidth) : new PlainProgress(stdout, TimeProvider.System, cells),
            hyperV?.Time ?? TimeProvider.System, request.Slots, BootDeadline);
        var certifying = time.GetTimestamp();
        var outcome = resumeDir is not null && prior is not null
            ? await RunSession.ResumeAsync(ready, resumeDir, prior, env, cancellationToken)
            : await RunSession.StartAsync(ready, request.Shard, request.Target, request.Suite!, request.Matrix!, request.Output, env, cancellationToken);
        var took = RunTiming.Describe(time.GetElapsedTime(started), [.. prepared.Phases, ("certification", time.GetElapsedTime(certifying))]);
        var exit = RunReports.Finish(outcome.Directory, (int)outcome.Status, outcome.Summary, stdout, stderr, took);
        return request.Baseline is { } baseline ? RunBaseline.Apply(exit, outcome.Directory.Path, baseline, stdout, stderr) : exit;
    }

    /// <summary>This machine as `hvcert run` prepares it: the QEMU lab installs its packages and builds its images; Hyper-V needs neither here.</summary>
    private static RunHost ThisMachine(LabImageStore images, string? inventory, TextWriter stdout, TextWriter stderr, bool interactive) => new(
        async (plan, ct) => plan.Backend != BackendKind.Qemu ? null
            : LabPrerequisites.CheckImageNames(plan, stderr) ?? await LabPrerequisites.InstallPackagesAsync(stdout, stderr, ct),
        kind => BackendRegistry.CapabilitiesOf(kind, inventory),
        async (plan, ct) => plan.Backend != BackendKind.Qemu ? null
            : await LabPrerequisites.BuildImagesAsync(plan, images, stdout, stderr, interactive, ct));

    private static Plan MakePlan(RunRequest request, Func<BackendKind, BackendCapabilities> capabilities)
    {
        if (request.Suite is null || request.Matrix is null)
        {
            throw new InputException([Diagnostic.Option("run", "--suite and --matrix are required (or --resume <run-dir>).", "")]);
        }

        AcceleratorOption.Parse(request.Accel); // a bad --accel is refused before anything boots
        if (request.Slots is < 1)
        {
            throw new InputException([Diagnostic.Option("run", $"--slots {request.Slots} must be 1 or more.", "")]);
        }

        return PlanTargets.Only(PlanCommand.Make(request.Suite, request.Matrix, request.Backend, request.Shard, capabilities), request.Target);
    }

    /// <summary>A resume re-plans from the suite and matrix copied into the run directory, with the run's own backend, shard and target.</summary>
    private static (Func<Func<BackendKind, BackendCapabilities>, Plan>, RunDirectory, EvidenceLog) LoadResume(string path)
    {
        var dir = new RunDirectory(Path.GetFullPath(path));
        var log = EvidenceReader.Read(dir.Evidence);
        log.ThrowIfDamagedBeforeTail();
        var started = log.Events.OfType<RunStarted>().FirstOrDefault()
            ?? throw new EvidenceFormatException($"{dir.Evidence}: no run_started event; this is not the start of a run made by 'hvcert run'.");
        if (started.MergedFrom.Count > 0)
        {
            throw new EvidenceFormatException($"{dir.Path} was made by 'hvcert merge'; resume each part's own run directory instead.");
        }

        return (capabilities => PlanTargets.Only(
            PlanCommand.Make(dir.Suite, dir.Matrix, started.Backend.ToString().ToLowerInvariant(), started.Shard, capabilities), started.Target), dir, log);
    }
}
