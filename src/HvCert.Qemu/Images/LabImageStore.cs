using System.Security.Cryptography;
using System.Text.Json;

namespace HvCert.Qemu.Images;

/// <summary>Builds a recipe's image into a work folder; the store passes the work folder and the log path.</summary>
internal delegate Task<ImageBuildResult> ImageBuildAction(ImageRecipe recipe, string workDir, string logPath,
    IProgress<ImageBuildProgress>? progress, CancellationToken ct);

/// <summary>
/// The per-user cache of lab images (<c>$XDG_CACHE_HOME/hvcert/images</c> or <c>~/.cache/hvcert/images</c>), one
/// folder per recipe hash holding disk.qcow2 and manifest.json. Builds go to <c>.build-IMAGE-BUILDID</c> and are renamed
/// into place only when complete; a failed or cancelled build leaves nothing behind but IMAGE.failed.log.
/// </summary>
internal sealed class LabImageStore(string cacheRoot, ImageBuildAction build, Func<LabRelease, ImageRecipe> recipeFor, TimeProvider time)
{
    public const string DiskFileName = "disk.qcow2";

    public string CacheRoot => cacheRoot;

    /// <summary>The flavor of this store's recipes (lab qcow2 or Hyper-V template VHDX); both share the cache folder.</summary>
    public ImageFlavor Flavor => recipeFor(LabRelease.Bookworm).Flavor;

    /// <summary>The store the CLI and the QEMU backend use: the user's cache folder and the real builder.</summary>
    public static LabImageStore CreateDefault(TimeProvider? time = null, ImageFlavor flavor = ImageFlavor.Lab)
    {
        var clock = time ?? TimeProvider.System;
        var builder = new ImageBuilder(clock, ImageBuilder.MirrorFromEnvironment());
        return new LabImageStore(DefaultCacheRoot(), builder.BuildAsync, release => ImageRecipe.For(release, flavor), clock);
    }

    /// <summary>The cache file name of a failed build's log, e.g. <c>debian-bookworm-hyperv.failed.log</c>.</summary>
    public string FailedLogPath(LabRelease release) => Path.Combine(cacheRoot, recipeFor(release).ImageName + ".failed.log");

    /// <summary><c>HVCERT_IMAGE_CACHE</c>, else <c>$XDG_CACHE_HOME/hvcert/images</c>, else <c>~/.cache/hvcert/images</c>.</summary>
    public static string DefaultCacheRoot(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        if (env("HVCERT_IMAGE_CACHE") is { Length: > 0 } explicitRoot)
        {
            return Path.GetFullPath(explicitRoot);
        }

        var xdg = env("XDG_CACHE_HOME");
        var cache = xdg is { Length: > 0 } && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(env("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "hvcert", "images");
    }

    public ImageRecipe RecipeFor(LabRelease release) => recipeFor(release);

    /// <summary>The image of the current recipe for <paramref name="release"/>, or null when it is not built yet.</summary>
    public LabImage? TryGet(LabRelease release) => Load(Path.Combine(cacheRoot, recipeFor(release).CacheEntryName));

    /// <summary>The image of the current recipe, built first when missing (or always, with <paramref name="force"/>).</summary>
    public async Task<LabImage> EnsureAsync(LabRelease release, IProgress<ImageBuildProgress>? progress, CancellationToken ct, bool force = false)
    {
        if (!force && TryGet(release) is { } cached)
        {
            return cached;
        }

        Directory.CreateDirectory(cacheRoot);
        await using var buildLock = await AcquireLockAsync(release, progress, ct);
        if (!force && TryGet(release) is { } builtMeanwhile)
        {
            return builtMeanwhile;
        }

        RemoveLeftoverBuilds(release);
        return await BuildAsync(release, progress, ct);
    }

    /// <summary>Every image of this store's flavor in the cache, current or stale.</summary>
    public IReadOnlyList<(LabImage Image, bool Current)> List()
    {
        if (!Directory.Exists(cacheRoot))
        {
            return [];
        }

        var current = LabRelease.All.Select(r => recipeFor(r).CacheEntryName).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateDirectories(cacheRoot)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Select(d => (Image: Load(d), Current: current.Contains(Path.GetFileName(d))))
            .Where(x => x.Image is not null && x.Image.Flavor == Flavor)
            .Select(x => (x.Image!, x.Current))
            .OrderBy(x => x.Item1.Release.Version).ThenByDescending(x => x.Current)
            .ToList();
    }

    private async Task<LabImage> BuildAsync(LabRelease release, IProgress<ImageBuildProgress>? progress, CancellationToken ct)
    {
        var recipe = recipeFor(release);
        var buildId = $"{time.GetUtcNow():yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var temp = Path.Combine(cacheRoot, $".build-{recipe.ImageName}-{buildId}");
        var log = Path.Combine(temp, "build.log");
        var started = time.GetTimestamp();
        try
        {
            Directory.CreateDirectory(temp);
            var result = await build(recipe, Path.Combine(temp, "src"), log, progress, ct);
            var disk = Path.Combine(temp, recipe.DiskFileName);
            File.Move(result.DiskPath, disk);
            BuildDirectory.Remove(Path.Combine(temp, "src"));
            var manifest = new LabImageManifest(
                release.Codename, release.Version, recipe.ImageName, recipe.Hash, recipe.BuilderVersion,
                result.Meta.GetValueOrDefault("kernel") ?? throw new ImageBuildException("the build reported no kernel version"),
                result.Meta.GetValueOrDefault("cmdline") ?? "",
                result.PackageVersions, recipe.DiskFileName, await Sha256Async(disk, ct), new FileInfo(disk).Length, recipe.DiskMiB,
                Math.Round(time.GetElapsedTime(started).TotalSeconds, 1), time.GetUtcNow(), buildId, result.Steps,
                recipe.Flavor == ImageFlavor.Lab
                    ? new Dictionary<string, string>
                    {
                        ["authorized_key"] = LabImageContract.AuthorizedKeyFwCfgName,
                        ["host_key"] = LabImageContract.HostKeyFwCfgName,
                    }
                    : new Dictionary<string, string>(),
                recipe.Flavor == ImageFlavor.Lab ? null : recipe.Flavor.Name());
            await File.WriteAllTextAsync(Path.Combine(temp, LabImageManifest.FileName), JsonSerializer.Serialize(manifest, ManifestJson.Options), ct);
            var final = Path.Combine(cacheRoot, recipe.CacheEntryName);
            if (Directory.Exists(final))
            {
                var old = Path.Combine(cacheRoot, $".old-{recipe.CacheEntryName}-{buildId}");
                Directory.Move(final, old);
                BuildDirectory.Remove(old);
            }

            Directory.Move(temp, final);
            return Load(final) ?? throw new ImageBuildException($"the new image in {final} could not be read back");
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ImageBuildException)
        {
            throw new ImageBuildException($"building {release.ImageName} failed: {e.Message}", e);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                if (File.Exists(log))
                {
                    File.Copy(log, FailedLogPath(release), overwrite: true);
                }

                BuildDirectory.Remove(temp);
            }
        }
    }

    private static LabImage? Load(string entry)
    {
        var manifestPath = Path.Combine(entry, LabImageManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return null;
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<LabImageManifest>(File.ReadAllText(manifestPath), ManifestJson.Options);
            var disk = Path.Combine(entry, manifest?.DiskFile ?? DiskFileName);
            if (manifest is null || !File.Exists(disk) || new FileInfo(disk).Length != manifest.SizeBytes
                || !LabRelease.TryParse(manifest.Release, out var release))
            {
                return null;
            }

            return new LabImage(Path.GetFullPath(disk), release, manifest.KernelVersion, manifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void RemoveLeftoverBuilds(LabRelease release)
    {
        // Exactly this image's leftovers: ".build-debian-bookworm-*" alone would also match a running debian-bookworm-hyperv build.
        var recipe = recipeFor(release);
        var name = System.Text.RegularExpressions.Regex.Escape(recipe.ImageName);
        var own = new System.Text.RegularExpressions.Regex($@"^\.(build-{name}-\d{{14}}-[^-]+|old-{name}-[0-9a-f]{{16}}-\d{{14}}-[^-]+)$");
        foreach (var dir in Directory.EnumerateDirectories(cacheRoot, ".*").Where(d => own.IsMatch(Path.GetFileName(d))))
        {
            BuildDirectory.Remove(dir);
        }
    }

    private async Task<FileStream> AcquireLockAsync(LabRelease release, IProgress<ImageBuildProgress>? progress, CancellationToken ct)
    {
        var path = Path.Combine(cacheRoot, $".lock-{recipeFor(release).ImageName}");
        var waitStarted = time.GetTimestamp();
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!told)
                {
                    progress?.Report(new ImageBuildProgress(recipeFor(release).ImageName, "waiting for another build of this image", 0,
                        recipeFor(release).Steps.Count, time.GetElapsedTime(waitStarted), StepFinished: false));
                    told = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
            }
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}

internal static class ManifestJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
