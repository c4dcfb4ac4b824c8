using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Qemu.Deps;
using HvCert.Qemu.Images;

namespace HvCert.Tests.Cli.Commands;

public sealed class LabCommandsTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "hvcert-labcmd-tests-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private readonly List<IReadOnlyList<string>> ran = [];

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private Task<int> FakeRun(IEnumerable<IReadOnlyList<string>> commands, int exit)
    {
        ran.AddRange(commands);
        return Task.FromResult(exit);
    }

    [Fact]
    public async Task InstallDeps_NothingMissing_ExitsZeroWithoutRunning()
    {
        var decision = LabDependencies.Decide(LabDependencies.HostPackages.ToHashSet(), isRoot: true);
        var exit = await LabInstallDepsCommand.RunAsync(decision, false, stdout, stderr, (c, _) => FakeRun(c, 0), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Empty(ran);
        Assert.Contains("nothing to do", stdout.ToString());
    }

    [Fact]
    public async Task InstallDeps_NotRoot_PrintsCommandAndFails()
    {
        var decision = LabDependencies.Decide(new HashSet<string> { "ovmf" }, isRoot: false);
        var exit = await LabInstallDepsCommand.RunAsync(decision, false, stdout, stderr, (c, _) => FakeRun(c, 0), CancellationToken.None);

        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Empty(ran);
        Assert.Contains("sudo apt-get install -y --no-install-recommends qemu-system-x86", stdout.ToString());
        Assert.Contains("needs root", stderr.ToString());
    }

    [Fact]
    public async Task InstallDeps_RootAndAptFails_ReportsInfrastructureError()
    {
        var decision = LabDependencies.Decide(new HashSet<string>(), isRoot: true);
        var exit = await LabInstallDepsCommand.RunAsync(decision, false, stdout, stderr, (c, _) => FakeRun(c, 100), CancellationToken.None);

        Assert.Equal(ExitCodes.InfrastructureError, exit);
        Assert.Equal(2, ran.Count);
        Assert.Contains("apt-get failed (exit 100)", stderr.ToString());
    }

    [Fact]
    public async Task InstallDeps_DryRun_RunsNothing()
    {
        var decision = LabDependencies.Decide(new HashSet<string>(), isRoot: true);
        var exit = await LabInstallDepsCommand.RunAsync(decision, true, stdout, stderr, (c, _) => FakeRun(c, 0), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Empty(ran);
        Assert.Contains("apt-get update && apt-get install", stdout.ToString());
    }

    private LabImageStore Store(bool fail) => new(root, async (recipe, work, log, progress, ct) =>
    {
        await File.WriteAllTextAsync(log, "E: broken mirror", ct);
        progress?.Report(new ImageBuildProgress(recipe.Release.ImageName, "debootstrap", 1, 7, TimeSpan.Zero, false));
        if (fail)
        {
            throw new ImageBuildException("building debian-trixie failed in step 'debootstrap': E: broken mirror");
        }

        progress?.Report(new ImageBuildProgress(recipe.Release.ImageName, "debootstrap", 1, 7, TimeSpan.FromSeconds(3), true));
        Directory.CreateDirectory(work);
        var disk = Path.Combine(work, "disk.qcow2");
        await File.WriteAllTextAsync(disk, "qcow2", ct);
        return new ImageBuildResult(disk, new Dictionary<string, string> { ["kernel"] = "6.12.0-1-amd64" }, new Dictionary<string, string>(), []);
    }, r => new ImageRecipe(r, ["chrony"], "true", 4096, 64, "1"), TimeProvider.System);

    [Fact]
    public async Task BuildImage_Success_PrintsProgressThenPathAndSecondRunIsUpToDate()
    {
        var exit = await LabBuildImageCommand.RunAsync(Store(false), LabRelease.Trixie, false, stdout, stderr, interactive: false, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("[1/7] debootstrap ...", stderr.ToString());
        Assert.Contains("[1/7] debootstrap done", stderr.ToString());
        Assert.Contains("kernel 6.12.0-1-amd64", stdout.ToString());

        var again = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await LabBuildImageCommand.RunAsync(Store(false), LabRelease.Trixie, false, again, stderr, false, CancellationToken.None));
        Assert.Contains("up to date", again.ToString());

        var listing = new StringWriter();
        Assert.Equal(ExitCodes.Ok, LabImagesCommand.Run(Store(false), json: false, listing));
        Assert.Contains("debian-trixie", listing.ToString());
        Assert.Contains("current", listing.ToString());
    }

    [Fact]
    public async Task BuildImage_Failure_ExitsInfrastructureWithStepAndLogPath()
    {
        var exit = await LabBuildImageCommand.RunAsync(Store(true), LabRelease.Trixie, false, stdout, stderr, false, CancellationToken.None);

        Assert.Equal(ExitCodes.InfrastructureError, exit);
        Assert.Contains("failed in step 'debootstrap'", stderr.ToString());
        Assert.Contains("debian-trixie.failed.log", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public void Images_EmptyCache_SaysHowToBuild()
    {
        Assert.Equal(ExitCodes.Ok, LabImagesCommand.Run(Store(false), json: false, stdout));
        Assert.Contains("hvcert lab build-image --release bookworm", stdout.ToString());
    }
}
