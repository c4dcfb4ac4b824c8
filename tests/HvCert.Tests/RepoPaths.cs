namespace HvCert.Tests;

/// <summary>Locates the repository (and ../shared beside it) from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Samples => Path.Combine(AppContext.BaseDirectory, "Samples");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HvCert.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HvCert.sln not found above " + AppContext.BaseDirectory);
    }
}
