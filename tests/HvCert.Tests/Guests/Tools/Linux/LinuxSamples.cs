namespace HvCert.Tests.Guests.Tools.Linux;

/// <summary>Reads a committed real output from Samples/&lt;command&gt;/&lt;source&gt;.txt without its first "# source:" provenance line.</summary>
internal static class LinuxSamples
{
    public static string Read(string command, string source)
    {
        var path = Path.Combine(RepoPaths.Samples, command, source + ".txt");
        var text = File.ReadAllText(path);
        Assert.StartsWith("# source:", text);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? string.Empty : text[(newline + 1)..];
    }
}
