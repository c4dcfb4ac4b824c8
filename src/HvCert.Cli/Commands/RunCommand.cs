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

/// <summary>`hvcert run`: plan, boot, probe, keep every observation in reports/&lt;run-id&gt;/, render the reports.</summary>
internal static class RunCommand
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(5);

    public static Command Build()
    {
        var o = new RunCommandOptions();
        var command = new Command("run", "Certify the targets of MATRIX against SUITE: boots VMs, runs every probe, writes evidence and reports "
            + "under --output/<run-id>/. Exit 0 all green, 1 a feature not supported (or a baseline regression), 2 bad input, "
            + "3 infrastructure error left after a retry, 130 cancelled.");
        o.AddTo(command);
        command.SetAction(async (result, ct) => await RunAsync(o.Read(result), Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(RunRequest request, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        RunDirectory? resumeDir = null;
        EvidenceLog? prior = null;
        Plan plan;
        try
        {
            (plan, resumeDir, prior) = request.Resume is { } resume ? LoadResume(resume, request) : (MakePlan(request), null, null);
        }
        catch (InputException ex)
        {
            CliOutput.PrintDiagnostics(stderr, ex.Diagnostics);
            return ExitCodes.BadInput;
        }
        catch (EvidenceFormatException ex)
        {
            stderr.WriteLine($"hvcert: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (request.Baseline is { } baselinePath && !RunBaseline.IsReadable(baselinePath, stderr))
        {
            return ExitCodes.BadInput;
        }

        var interactive = !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out);
        var images = LabImageStore.CreateDefault();
        if (plan.Backend == BackendKind.Qemu
            && await LabPrerequisites.EnsureAsync(plan, images, stdout, stderr, interactive, cancellationToken) is { } stop)
        {
            return stop;
        }

        IHostBackend backend;
        try
        {
            backend = await BackendRegistry.CreateAsync(plan.Backend, new BackendRegistry.FactoryInputs(
                async (name, ct) => (await images.EnsureAsync(LabRelease.Parse(name), null, ct)).DiskPath, request.Inventory), cancellationToken);
        }
        catch (InfrastructureException ex)
        {
            stderr.WriteLine($"hvcert: the {plan.Backend} backend cannot run here: {ex.Message}");
            return ExitCodes.InfrastructureError;
        }
        catch (InputException ex)
        {
            CliOutput.PrintDiagnostics(stderr, ex.Diagnostics);
            return ExitCodes.BadInput;
        }

        await using var owned = backend;
        var env = new RunEnvironment(backend, ProbeRegistry.Catalog,
            cells => interactive ? new LiveProgress(stdout, cells, () => Console.WindowWidth) : new PlainProgress(stdout, TimeProvider.System, cells),
            TimeProvider.System, request.Slots, BootDeadline);
        var outcome = resumeDir is not null && prior is not null
            ? await RunSession.ResumeAsync(plan, resumeDir, prior, env, cancellationToken)
            : await RunSession.StartAsync(plan, request.Shard, request.Target, request.Suite!, request.Matrix!, request.Output, env, cancellationToken);
        var exit = RunReports.Finish(outcome.Directory, (int)outcome.Status, outcome.Summary, stdout, stderr);
        return request.Baseline is { } baseline ? RunBaseline.Apply(exit, outcome.Directory.Path, baseline, stdout, stderr) : exit;
    }

    private static Plan MakePlan(RunRequest request)
    {
        if (request.Suite is null || request.Matrix is null)
        {
            throw new InputException([Diagnostic.Option("run", "--suite and --matrix are required (or --resume <run-dir>).", "")]);
        }

        if (request.Slots is < 1)
        {
            throw new InputException([Diagnostic.Option("run", $"--slots {request.Slots} must be 1 or more.", "")]);
        }

        return PlanTargets.Only(PlanCommand.Make(request.Suite, request.Matrix, request.Backend, request.Shard), request.Target);
    }

    /// <summary>A resume re-plans from the suite and matrix copied into the run directory, with the run's own backend, shard and target.</summary>
    private static (Plan, RunDirectory, EvidenceLog) LoadResume(string path, RunRequest request)
    {
        var dir = new RunDirectory(Path.GetFullPath(path));
        var log = EvidenceReader.Read(dir.Evidence);
        var started = log.Events.OfType<RunStarted>().FirstOrDefault()
            ?? throw new EvidenceFormatException($"{dir.Evidence}: no run_started event; this is not the start of a run made by 'hvcert run'.");
        if (started.MergedFrom.Count > 0)
        {
            throw new EvidenceFormatException($"{dir.Path} was made by 'hvcert merge'; resume each part's own run directory instead.");
        }

        var plan = PlanCommand.Make(dir.Suite, dir.Matrix, started.Backend.ToString().ToLowerInvariant(), started.Shard);
        return (PlanTargets.Only(plan, started.Target), dir, log);
    }
}
