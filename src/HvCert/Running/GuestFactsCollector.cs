using HvCert.Evidence;
using HvCert.Planning;
using HvCert.Transport;

namespace HvCert.Running;

/// <summary>
/// Asks a freshly booted guest what it is (distro, kernel, integration daemon packages). A command that fails
/// leaves "unknown" and its stderr in the raw outputs; a guest that cannot be reached throws (infrastructure).
/// </summary>
internal static class GuestFactsCollector
{
    private const int RawCap = 4096;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    public static async Task<GuestFactsRecorded> CollectAsync(string vmKey, VmGroup group, IGuestTransport guest, CancellationToken cancellationToken)
    {
        var recipe = GuestFactsRecipe.For(group.Target.Os);
        var raw = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var succeeded = new Dictionary<string, string>();
        foreach (var (key, command) in recipe.Commands)
        {
            var result = await guest.ExecAsync(command, CommandTimeout, cancellationToken);
            var text = result.Succeeded ? result.Stdout : $"exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")}: {result.Stderr}";
            raw[key] = text.Length <= RawCap ? text : text[..RawCap];
            if (result.Succeeded)
            {
                succeeded[key] = raw[key];
            }
        }

        return new GuestFactsRecorded(
            vmKey, group.Target.Id, group.Generation, recipe.Distro(succeeded), recipe.Kernel(succeeded),
            GuestFactsRecipe.ParsePackages(succeeded.GetValueOrDefault(recipe.PackagesKey, "")), raw);
    }
}
