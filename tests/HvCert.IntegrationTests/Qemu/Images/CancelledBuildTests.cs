using HvCert.Qemu.Images;

namespace HvCert.IntegrationTests.Qemu.Images;

/// <summary>
/// Ctrl-C of `lab build-image`: a cancelled build leaves no .build folder and nothing mounted under the cache, both when the
/// script cleans up on SIGTERM (as build-image.sh's trap does) and when it ignores SIGTERM (SIGKILL after the grace period;
/// removing the build folder unmounts what is left). Stand-in scripts that really mount (root), no debootstrap.
/// </summary>
public sealed class CancelledBuildTests : IDisposable
{
    private readonly string cache = Directory.CreateTempSubdirectory("hvcert-cancel-").FullName;

    public void Dispose()
    {
        foreach (var mount in BuildDirectory.MountsUnder(cache, File.ReadAllLines("/proc/self/mountinfo")))
        {
            using var p = System.Diagnostics.Process.Start("umount", ["-l", mount]);
            p.WaitForExit();
        }

        Directory.Delete(cache, recursive: true);
    }

    [LabImageFact]
    public Task Cancel_ScriptUnmountsOnTerm_NothingLeft() =>
        CancelMidBuildAsync("""trap 'umount "$2/rootfs/proc"; exit 143' TERM""");

    [LabImageFact]
    public Task Cancel_ScriptIgnoresTerm_KilledAndRemovalUnmounts() => CancelMidBuildAsync("trap '' TERM");

    private async Task CancelMidBuildAsync(string trap)
    {
        var started = Path.Combine(cache, "started");
        var script = $"""
            set -e
            mkdir -p "$2/rootfs/proc"
            mount -t tmpfs hvcert-cancel-test "$2/rootfs/proc"
            {trap}
            echo '##STEP debootstrap'
            touch {started}
            sleep 600
            """;
        var builder = new ImageBuilder(TimeProvider.System, "http://mirror.invalid/debian", termGrace: TimeSpan.FromSeconds(2));
        var store = new LabImageStore(cache, builder.BuildAsync,
            release => new ImageRecipe(release, ["chrony"], script, 64, 8, "cancel-test"), TimeProvider.System);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var build = store.EnsureAsync(LabRelease.Bookworm, null, cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(started) && DateTime.UtcNow < deadline && !build.IsCompleted)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(started), "the stand-in build never started");
        Assert.Contains(BuildDirectory.MountsUnder(cache, File.ReadAllLines("/proc/self/mountinfo")), m => m.EndsWith("/rootfs/proc", StringComparison.Ordinal));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        Assert.Empty(BuildDirectory.MountsUnder(cache, File.ReadAllLines("/proc/self/mountinfo")));
        Assert.Empty(Directory.EnumerateDirectories(cache, ".build-*"));
    }
}
