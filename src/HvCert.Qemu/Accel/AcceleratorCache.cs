using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HvCert.Qemu.Accel;

/// <summary>
/// Accelerator decisions kept under <c>$XDG_CACHE_HOME/hvcert/accel/</c> (or <c>~/.cache/hvcert/accel/</c>), one file per
/// host-and-QEMU key, so a host's test boot runs once. A missing, unreadable or foreign file reads as "not decided".
/// </summary>
internal sealed class AcceleratorCache(string directory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Directory => directory;

    public static string DefaultDirectory(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var xdg = env("XDG_CACHE_HOME");
        var cache = xdg is { Length: > 0 } && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(env("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "hvcert", "accel");
    }

    public AcceleratorChoice? TryRead(string key)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(PathFor(key)), Json);
            return entry is not null && entry.Key == key && Enum.TryParse<Accelerator>(entry.Accelerator, ignoreCase: true, out var kind)
                ? new AcceleratorChoice(kind, $"{entry.Reason} (decided {entry.DecidedAtUtc:yyyy-MM-dd HH:mm} UTC, cached in {PathFor(key)})", "cached", 0)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(string key, AcceleratorChoice choice)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var temp = PathFor(key) + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new Entry(key, choice.Name, choice.Reason, DateTimeOffset.UtcNow), Json));
            File.Move(temp, PathFor(key), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unwritable cache only means the next run tests again.
        }
    }

    private string PathFor(string key) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8)) + ".json");

    private sealed record Entry(string Key, string Accelerator, string Reason, DateTimeOffset DecidedAtUtc);
}
