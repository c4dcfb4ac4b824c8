namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>Real outputs committed under Samples/ (the first line names the source and is dropped here).</summary>
internal static class Captures
{
    public static string Read(string relative)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Samples, relative));
        if (!text.StartsWith("# source:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{relative}: the first line must name the source");
        }

        return text[(text.IndexOf('\n') + 1)..];
    }
}
