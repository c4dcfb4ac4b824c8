using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Cli.Commands;

/// <summary>
/// What `hvcert run` needs from this machine before it certifies, as functions so a test can stand in for the machine.
/// <paramref name="Install"/> gets the input-checked plan and installs the backend's host packages (QEMU lab);
/// <paramref name="Detect"/> looks at the host as it is now; <paramref name="PrepareImages"/> builds or finds what the
/// final plan boots. Install and PrepareImages return null when all is in place, else the exit code to stop with.
/// </summary>
internal sealed record RunHost(
    Func<Plan, CancellationToken, Task<int?>> Install,
    Func<BackendKind, BackendCapabilities> Detect,
    Func<Plan, CancellationToken, Task<int?>> PrepareImages);

/// <summary>The plan a run executes, and how long each preparation phase took (printed with the run's total time).</summary>
internal sealed record PreparedRun(Plan Plan, IReadOnlyList<(string Phase, TimeSpan Took)> Phases);

/// <summary>
/// The order `hvcert run` prepares in: check the inputs (a bad file stops before anything is installed), install what the
/// host lacks, only then detect what the backend offers and plan, then build the images that plan boots. Capabilities
/// detected before the install would call nearly every cell Not offered on a fresh machine.
/// </summary>
internal static class RunPreparation
{
    /// <param name="checkedInputs">The plan made with every facet offered: the inputs are valid, nothing on the host was looked at.</param>
    /// <param name="plan">Plans with the given capabilities (the same inputs again).</param>
    public static async Task<(PreparedRun? Run, int? Stop)> PrepareAsync(Plan checkedInputs, Func<Func<BackendKind, BackendCapabilities>, Plan> plan,
        RunHost host, TextWriter stderr, TimeProvider time, CancellationToken cancellationToken)
    {
        var phases = new List<(string, TimeSpan)>();
        var started = time.GetTimestamp();
        if (await host.Install(checkedInputs, cancellationToken) is { } installFailed)
        {
            return (null, installFailed);
        }

        phases.Add(("host packages", time.GetElapsedTime(started)));
        started = time.GetTimestamp();
        var final = plan(host.Detect);
        phases.Add(("host detection and plan", time.GetElapsedTime(started)));
        if (NothingRuns(final, stderr))
        {
            return (null, ExitCodes.InfrastructureError);
        }

        started = time.GetTimestamp();
        if (await host.PrepareImages(final, cancellationToken) is { } imagesFailed)
        {
            return (null, imagesFailed);
        }

        phases.Add(("images", time.GetElapsedTime(started)));
        return (new PreparedRun(final, phases), null);
    }

    /// <summary>
    /// A plan in which no cell can execute because the host does not offer what they need is an infrastructure problem
    /// (exit 3), not a certification: say which pieces are missing, grouped, and what to do.
    /// </summary>
    private static bool NothingRuns(Plan plan, TextWriter stderr)
    {
        var notOffered = plan.Preset.Where(c => c.Preset?.Kind == VerdictKind.NotOffered).Select(c => (c.Feature.Id, c.Preset!.Reason)).ToList();
        if (plan.Groups.Count > 0 || notOffered.Count == 0)
        {
            return false;
        }

        stderr.WriteLine($"hvcert: no cell of this run can execute on this host: {notOffered.Count} of {plan.Preset.Count} cells are "
            + $"Not offered by the {plan.Backend} backend here, the rest Not applicable. Not offered, by reason:");
        foreach (var line in NotOfferedSummary.Grouped(notOffered))
        {
            stderr.WriteLine($"hvcert: {line}");
        }

        stderr.WriteLine("hvcert: install or enable what the reasons name (QEMU lab: 'sudo hvcert lab install-deps'), then run again.");
        return true;
    }
}
