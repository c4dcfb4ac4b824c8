using HvCert.Qemu.Images;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Qemu.Images;

public sealed class LabImageStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "hvcert-store-tests-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero));
    private string script = "echo v1";
    private int builds;
    private Func<CancellationToken, Task>? duringBuild;

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private LabImageStore Store() => new(root, FakeBuild,
        release => new ImageRecipe(release, ["openssh-server"], script, 4096, 64, "1"), time);

    private async Task<ImageBuildResult> FakeBuild(ImageRecipe recipe, string workDir, string logPath,
        IProgress<ImageBuildProgress>? progress, CancellationToken ct)
    {
        builds++;
        Directory.CreateDirectory(Path.Combine(workDir, "work"));
        await File.WriteAllTextAsync(logPath, "log of " + recipe.Release.Codename, ct);
        progress?.Report(new ImageBuildProgress(recipe.Release.ImageName, "debootstrap", 1, 7, TimeSpan.Zero, false));
        if (duringBuild is not null)
        {
            await duringBuild(ct);
        }

        time.Advance(TimeSpan.FromSeconds(90));
        var disk = Path.Combine(workDir, "work", recipe.DiskFileName);
        await File.WriteAllTextAsync(disk, "disk of " + recipe.Hash, ct);
        return new ImageBuildResult(disk,
            new Dictionary<string, string> { ["kernel"] = "6.1.0-50-amd64", ["cmdline"] = "console=ttyS0" },
            new Dictionary<string, string> { ["chrony"] = "4.3-2", ["openssh-server"] = "1:9.2p1", ["qemu-guest-agent"] = "1:7.2" },
            [new ImageBuildStep("debootstrap", 90)]);
    }

    [Fact]
    public async Task EnsureAsync_EmptyCache_BuildsAndWritesManifest()
    {
        var image = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);

        Assert.Equal(1, builds);
        Assert.True(File.Exists(image.DiskPath));
        Assert.True(Path.IsPathRooted(image.DiskPath));
        Assert.Equal("6.1.0-50-amd64", image.KernelVersion);
        var m = image.Manifest;
        Assert.Equal("bookworm", m.Release);
        Assert.Equal(12, m.DebianVersion);
        Assert.Equal(Store().RecipeFor(LabRelease.Bookworm).Hash, m.RecipeHash);
        Assert.Equal(new FileInfo(image.DiskPath).Length, m.SizeBytes);
        Assert.Equal(64, m.Sha256.Length);
        Assert.Equal(90, m.BuildSeconds);
        Assert.Equal("4.3-2", m.PackageVersions["chrony"]);
        Assert.Equal("opt/hvcert/host_key", m.FwCfg["host_key"]);
        Assert.Empty(Directory.EnumerateDirectories(root, ".build-*"));
        Assert.Contains("\"recipe_hash\"", File.ReadAllText(Path.Combine(image.Directory, "manifest.json")));
    }

    [Fact]
    public async Task EnsureAsync_SameRecipeTwice_BuildsOnce()
    {
        var first = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);
        var second = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);

        Assert.Equal(1, builds);
        Assert.Equal(first.DiskPath, second.DiskPath);
        Assert.NotNull(Store().TryGet(LabRelease.Bookworm));
        Assert.Null(Store().TryGet(LabRelease.Trixie));
    }

    [Fact]
    public async Task EnsureAsync_RecipeChanged_RebuildsAndListMarksOldStale()
    {
        var old = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);
        script = "echo v2";
        var fresh = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);

        Assert.Equal(2, builds);
        Assert.NotEqual(old.DiskPath, fresh.DiskPath);
        var listed = Store().List();
        Assert.Equal(2, listed.Count);
        Assert.Single(listed, x => x.Current && x.Image.DiskPath == fresh.DiskPath);
        Assert.Single(listed, x => !x.Current && x.Image.DiskPath == old.DiskPath);
    }

    [Fact]
    public async Task EnsureAsync_Force_RebuildsInPlace()
    {
        var first = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);
        var forced = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None, force: true);

        Assert.Equal(2, builds);
        Assert.Equal(first.DiskPath, forced.DiskPath);
        Assert.NotEqual(first.Manifest.BuildId, forced.Manifest.BuildId);
        Assert.Empty(Directory.EnumerateDirectories(root, ".old-*"));
    }

    [Fact]
    public async Task EnsureAsync_BuildFails_LeavesNoImageNoTempAndKeepsLog()
    {
        duringBuild = _ => throw new ImageBuildException("step 'debootstrap' failed");

        var e = await Assert.ThrowsAsync<ImageBuildException>(() => Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None));

        Assert.Contains("debootstrap", e.Message);
        Assert.Null(Store().TryGet(LabRelease.Bookworm));
        Assert.Empty(Directory.EnumerateDirectories(root, ".build-*"));
        Assert.Equal("log of bookworm", File.ReadAllText(Path.Combine(root, "debian-bookworm.failed.log")));
    }

    [Fact]
    public async Task EnsureAsync_Cancelled_RemovesTempFolder()
    {
        using var cts = new CancellationTokenSource();
        duringBuild = ct =>
        {
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store().EnsureAsync(LabRelease.Bookworm, null, cts.Token));

        Assert.Null(Store().TryGet(LabRelease.Bookworm));
        Assert.Empty(Directory.EnumerateDirectories(root, ".build-*"));
    }

    [Fact]
    public async Task TryGet_DiskTruncated_ReturnsNullSoItRebuilds()
    {
        var image = await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);
        await File.WriteAllTextAsync(image.DiskPath, "x");

        Assert.Null(Store().TryGet(LabRelease.Bookworm));
        await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task EnsureAsync_LeftoverTempFromDeadBuild_IsRemoved()
    {
        var leftover = Directory.CreateDirectory(Path.Combine(root, ".build-debian-bookworm-19700101000000-dead")).FullName;

        await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);

        Assert.False(Directory.Exists(leftover));
    }

    [Fact]
    public async Task EnsureAsync_RunningBuildOfTheHyperVTemplate_IsNotTouchedByTheLabBuild()
    {
        var other = Directory.CreateDirectory(Path.Combine(root, ".build-debian-bookworm-hyperv-20261202104233-4270dbbe")).FullName;

        await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);

        Assert.True(Directory.Exists(other));
    }

    [Fact]
    public async Task List_TwoFlavorsInOneCache_EachStoreListsItsOwn()
    {
        await Store().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);
        var hyperv = new LabImageStore(root, FakeBuild,
            release => new ImageRecipe(release, ["openssh-server", "cloud-init"], script, 4096, 64, "1", ImageFlavor.HyperV), time);
        var template = await hyperv.EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None);

        Assert.Equal("debian-bookworm-hyperv", template.Name);
        Assert.Equal(ImageFlavor.HyperV, template.Flavor);
        Assert.EndsWith("disk.vhdx", template.DiskPath);
        Assert.Equal("hyperv", template.Manifest.Flavor);
        Assert.Equal(["debian-bookworm"], Store().List().Select(i => i.Image.Name));
        Assert.Equal(["debian-bookworm-hyperv"], hyperv.List().Select(i => i.Image.Name));
        Assert.True(hyperv.List()[0].Current);
        Assert.DoesNotContain("flavor", await File.ReadAllTextAsync(Path.Combine(Store().List()[0].Image.Directory, "manifest.json")));
    }

    [Fact]
    public void DefaultCacheRoot_Environment_FollowsOverrideThenXdgThenHome()
    {
        Assert.Equal("/x/imgs", LabImageStore.DefaultCacheRoot(k => k == "HVCERT_IMAGE_CACHE" ? "/x/imgs" : "/ignored"));
        Assert.Equal("/xdg/hvcert/images", LabImageStore.DefaultCacheRoot(k => k switch { "XDG_CACHE_HOME" => "/xdg", "HOME" => "/home/u", _ => null }));
        Assert.Equal("/home/u/.cache/hvcert/images", LabImageStore.DefaultCacheRoot(k => k == "HOME" ? "/home/u" : null));
        Assert.Equal("/home/u/.cache/hvcert/images", LabImageStore.DefaultCacheRoot(k => k switch { "XDG_CACHE_HOME" => "relative", "HOME" => "/home/u", _ => null }));
    }
}
