using System.Diagnostics;

namespace HvCert.Qemu.Images;

/// <summary>What a build produced in its work folder, before the store turns it into a manifest.</summary>
internal sealed record ImageBuildResult(string DiskPath, IReadOnlyDictionary<string, string> Meta,
    IReadOnlyDictionary<string, string> PackageVersions, IReadOnlyList<ImageBuildStep> Steps);

/// <summary>Runs build-image.sh (embedded in this assembly) for one recipe in a work folder.</summary>
internal sealed class ImageBuilder(TimeProvider time, string mirror, TimeSpan? termGrace = null)
{
    public const string DefaultMirror = "http://deb.debian.org/debian";

    /// <summary>The Debian mirror: <c>HVCERT_DEBIAN_MIRROR</c> or deb.debian.org.</summary>
    public static string MirrorFromEnvironment() =>
        Environment.GetEnvironmentVariable("HVCERT_DEBIAN_MIRROR") is { Length: > 0 } m ? m : DefaultMirror;

    public string Mirror => mirror;

    /// <summary>The exact command line the builder runs (the script path is inside the work folder).</summary>
    public IReadOnlyList<string> Command(ImageRecipe recipe, string workDir) =>
    [
        "bash", Path.Combine(workDir, "build-image.sh"), recipe.Release.Codename, Path.Combine(workDir, "work"),
        mirror, recipe.PackageArgument, recipe.DiskMiB.ToString(), recipe.EspMiB.ToString(),
    ];

    public async Task<ImageBuildResult> BuildAsync(ImageRecipe recipe, string workDir, string logPath,
        IProgress<ImageBuildProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(workDir);
        await File.WriteAllTextAsync(Path.Combine(workDir, "build-image.sh"), recipe.ScriptText, ct);
        var command = Command(recipe, workDir);
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new BuildScriptOutput();
        var packages = new DebootstrapProgress();
        var steps = new List<ImageBuildStep>();
        var started = time.GetTimestamp();
        var stepStarted = started;
        var stepCount = recipe.Steps.Count;
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        await log.WriteLineAsync("$ " + string.Join(' ', command));
        using var process = Process.Start(psi) ?? throw new ImageBuildException("could not start bash for build-image.sh");
        process.StandardInput.Close();
        var gate = new object();

        void FinishStep(string name)
        {
            steps.Add(new ImageBuildStep(name, Math.Round(time.GetElapsedTime(stepStarted).TotalSeconds, 1)));
            progress?.Report(new ImageBuildProgress(recipe.ImageName, name, steps.Count, stepCount,
                time.GetElapsedTime(started), StepFinished: true));
        }

        async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                lock (gate)
                {
                    log.WriteLine(line);
                    var previous = output.CurrentStep;
                    var wasDone = output.Done;
                    var step = output.Accept(line);
                    if (previous is not null && (step is not null || (output.Done && !wasDone)))
                    {
                        FinishStep(previous);
                    }

                    if (step is not null)
                    {
                        stepStarted = time.GetTimestamp();
                        progress?.Report(new ImageBuildProgress(recipe.ImageName, step, steps.Count + 1, stepCount,
                            time.GetElapsedTime(started), StepFinished: false));
                    }
                    else if (output.CurrentStep == "debootstrap" && !output.Done && packages.Accept(line) is { } detail)
                    {
                        progress?.Report(new ImageBuildProgress(recipe.ImageName, output.CurrentStep, steps.Count + 1, stepCount,
                            time.GetElapsedTime(started), StepFinished: false, detail.Text, detail.NewPhase));
                    }
                }
            }
        }

        try
        {
            await Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            await StopTreeAsync(process, termGrace ?? TermGrace);
            throw;
        }

        if (process.ExitCode != 0 || !output.Done)
        {
            var why = output.Errors.Count > 0 ? string.Join("; ", output.Errors) : $"build-image.sh exited {process.ExitCode}";
            throw new ImageBuildException(
                $"building {recipe.ImageName} failed in step '{output.CurrentStep ?? "start"}': {why}\n"
                + $"last lines of the build log:\n  {string.Join("\n  ", output.Tail)}");
        }

        var disk = Path.Combine(workDir, "work", recipe.DiskFileName);
        if (!File.Exists(disk))
        {
            throw new ImageBuildException($"build-image.sh finished but left no {disk}");
        }

        return new ImageBuildResult(disk, output.Meta, output.PackageVersions(), steps);
    }

    /// <summary>How long a cancelled build's script gets after SIGTERM to run its trap (unmount what it mounted) and exit.</summary>
    internal static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Stops the script and everything it started: SIGTERM to the whole tree first, so the foreground child (debootstrap,
    /// apt in the chroot) ends and bash runs its TERM trap (unmount_all: proc and sys inside the root file system); only
    /// what is still alive after <paramref name="grace"/> gets SIGKILL. (SIGKILL alone never let the trap run.)
    /// </summary>
    internal static async Task StopTreeAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            Signal("TERM", [process.Id, .. ProcessTree.Descendants(process.Id)]);
            using var wait = new CancellationTokenSource(grace);
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // The grace period is over: what is left gets SIGKILL below.
        }
        catch (InvalidOperationException)
        {
            return; // Already gone.
        }

        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void Signal(string signal, IReadOnlyList<int> pids)
    {
        var psi = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-" + signal);
        psi.ArgumentList.Add("--");
        foreach (var pid in pids)
        {
            psi.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        try
        {
            using var kill = Process.Start(psi)!;
            kill.StandardError.ReadToEnd(); // a pid that exited meanwhile is not an error worth showing
            kill.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): the SIGKILL fallback still stops the tree.
        }
    }
}
