namespace HvCert.Tests;

/// <summary>Locates the repository from the test binary's folder. Tests read only files inside the repository.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

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
