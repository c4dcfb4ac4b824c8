using System.Diagnostics;
using HvCert.Qemu.Images;

namespace HvCert.Tests.Qemu.Images;

/// <summary>Runs ImageBuilder against small stand-in scripts that speak build-image.sh's line protocol.</summary>
public sealed class ImageBuilderProcessTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-builder-tests-").FullName;
    private readonly List<ImageBuildProgress> reports = [];

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed class Sink(List<ImageBuildProgress> list) : IProgress<ImageBuildProgress>
    {
        public void Report(ImageBuildProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }

    private Task<ImageBuildResult> Build(string script, CancellationToken ct = default) =>
        new ImageBuilder(TimeProvider.System, "http://mirror.invalid/debian").BuildAsync(
            new ImageRecipe(LabRelease.Bookworm, ["chrony"], script, 64, 8, "test"),
            Path.Combine(dir, "src"), Path.Combine(dir, "build.log"), new Sink(reports), ct);

    [Fact]
    public async Task BuildAsync_ScriptSucceeds_ReturnsDiskMetaAndSteps()
    {
        const string script = """
            set -e
            echo "##STEP debootstrap"; echo "I: unpacking"
            echo "##META kernel=6.1.0-50-amd64"; echo "##META pkg.chrony=4.3-2"
            echo "##STEP qcow2"; echo "args: $1 $3 $4 $5 $6" >&2
            touch "$2/disk.qcow2"; echo "##STEP done"
            """;

        var result = await Build(script.Replace("set -e", "set -e; mkdir -p \"$2\""));

        Assert.True(File.Exists(result.DiskPath));
        Assert.Equal("6.1.0-50-amd64", result.Meta["kernel"]);
        Assert.Equal("4.3-2", result.PackageVersions["chrony"]);
        Assert.Equal(["debootstrap", "qcow2"], result.Steps.Select(s => s.Name));
        Assert.Contains(reports, r => r.Step == "debootstrap" && !r.StepFinished && r.StepNumber == 1);
        Assert.Contains(reports, r => r.Step == "qcow2" && r.StepFinished);
        var log = await File.ReadAllTextAsync(Path.Combine(dir, "build.log"));
        Assert.Contains("args: bookworm http://mirror.invalid/debian chrony 64 8", log);
    }

    [Fact]
    public async Task BuildAsync_DebootstrapStep_ReportsPackageCountsOnlyWhileItRuns()
    {
        const string script = """
            set -e; mkdir -p "$2"
            echo "##STEP debootstrap"
            echo "I: Retrieving libacl1 2.3.1-3"; echo "I: Retrieving apt 2.6.1"; echo "I: Unpacking libacl1:amd64..."
            echo "##STEP configure"; echo "I: Configuring chrony..."
            touch "$2/disk.qcow2"; echo "##META kernel=6.1.0-50-amd64"; echo "##STEP done"
            """;

        await Build(script);

        var details = reports.Where(r => r.Detail is not null).ToList();
        Assert.Equal(["retrieving package 1: libacl1", "retrieving package 2: apt", "unpacking package 1/2: libacl1"], details.Select(r => r.Detail));
        Assert.All(details, r => Assert.Equal(("debootstrap", 1, false), (r.Step, r.StepNumber, r.StepFinished)));
        Assert.Equal([true, false, true], details.Select(r => r.Milestone));
    }

    [Fact]
    public async Task BuildAsync_ScriptFails_ThrowsWithStepErrorAndLogTail()
    {
        const string script = """
            echo "##STEP debootstrap"
            echo "E: Failed getting release file http://mirror.invalid/debian/dists/bookworm/Release" >&2
            echo "##ERROR step \"debootstrap\" failed: \"debootstrap ...\" exited 1"
            exit 1
            """;

        var e = await Assert.ThrowsAsync<ImageBuildException>(() => Build(script));

        Assert.Contains("failed in step 'debootstrap'", e.Message);
        Assert.Contains("exited 1", e.Message);
        Assert.Contains("Failed getting release file", e.Message);
    }

    [Fact]
    public async Task BuildAsync_ScriptExitsZeroWithoutDone_IsAFailure()
    {
        var e = await Assert.ThrowsAsync<ImageBuildException>(() => Build("echo '##STEP disk'; exit 0"));
        Assert.Contains("failed in step 'disk'", e.Message);
    }

    [Fact]
    public async Task BuildAsync_Cancelled_KillsTheScript()
    {
        var marker = Path.Combine(dir, "pid");
        using var cts = new CancellationTokenSource();
        var build = Build($"echo '##STEP debootstrap'; sleep 600 & echo $! > {marker}; wait", cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!File.Exists(marker) || (await File.ReadAllTextAsync(marker)).Trim().Length == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var sleeper = int.Parse((await File.ReadAllTextAsync(marker)).Trim());
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        Assert.True(HasExited(sleeper), "the script's child process survived the cancellation");
    }

    [Fact]
    public async Task BuildAsync_Cancelled_ScriptGetsTermAndItsTrapRuns()
    {
        // Like build-image.sh: a TERM trap that cleans up (unmount_all) and a long foreground child (debootstrap, apt in the chroot).
        var started = Path.Combine(dir, "started");
        var trapped = Path.Combine(dir, "trapped");
        using var cts = new CancellationTokenSource();
        var build = Build($"trap 'echo cleaned > {trapped}; exit 143' TERM\necho '##STEP debootstrap'\ntouch {started}\nsleep 600\n", cts.Token);
        await UntilExistsAsync(started);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        Assert.True(File.Exists(trapped), "the script was killed before its TERM trap could run (SIGKILL without SIGTERM first)");
    }

    [Fact]
    public async Task StopTreeAsync_TreeIgnoresTerm_KilledAfterTheGracePeriod()
    {
        var marker = Path.Combine(dir, "pid");
        var psi = new ProcessStartInfo("bash") { ArgumentList = { "-c", $"trap '' TERM; sleep 600 & echo $! > {marker}; wait" } };
        using var script = Process.Start(psi)!;
        await UntilExistsAsync(marker);
        var sleeper = int.Parse((await File.ReadAllTextAsync(marker)).Trim());

        await ImageBuilder.StopTreeAsync(script, TimeSpan.FromSeconds(1));

        Assert.True(script.HasExited);
        Assert.True(HasExited(sleeper), "the script's child (ignoring SIGTERM) survived the SIGKILL fallback");
    }

    [Fact]
    public void ProcessTree_ParentPidAndDescendants()
    {
        Assert.Equal(41, ProcessTree.ParentPid("42 (apt (method) x) S 41 42 42 0 -1"));
        Assert.Null(ProcessTree.ParentPid("garbage"));
        var parents = new Dictionary<int, int> { [10] = 1, [11] = 10, [12] = 10, [13] = 11, [20] = 1, [14] = 13 };
        Assert.Equal([11, 12, 13, 14], ProcessTree.Descendants(10, parents));
        Assert.Empty(ProcessTree.Descendants(20, parents));
    }

    private static async Task UntilExistsAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!File.Exists(path) || (await File.ReadAllTextAsync(path)).Trim().Length == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
