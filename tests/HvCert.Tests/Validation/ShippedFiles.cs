namespace HvCert.Tests.Validation;

/// <summary>The suites and matrices shipped in the repo (matrices/ also holds the Hyper-V inventory example, which is neither).</summary>
internal static class ShippedFiles
{
    public static IEnumerable<string> In(string folder) =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, folder), "*.yaml")
            .Where(f => !Path.GetFileName(f).Contains("inventory", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
