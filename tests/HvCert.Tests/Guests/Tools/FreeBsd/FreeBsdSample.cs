namespace HvCert.Tests.Guests.Tools.FreeBsd;

/// <summary>Reads a committed sample, checking and dropping its first "# source:" provenance line.</summary>
internal static class FreeBsdSample
{
    public static string Read(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Samples, relativePath));
        Assert.StartsWith("# source: ", lines[0]);
        return string.Join('\n', lines.Skip(1));
    }
}
