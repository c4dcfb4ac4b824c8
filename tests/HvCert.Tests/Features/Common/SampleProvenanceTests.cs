namespace HvCert.Tests.Features.Common;

public class SampleProvenanceTests
{
    [Fact]
    public void EverySample_FirstLine_NamesItsSource()
    {
        // Samples/approved holds the report renderers' approved snapshots, not guest outputs.
        var files = Directory.EnumerateFiles(RepoPaths.Samples, "*.txt", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}approved{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var first = File.ReadLines(file).First();
            Assert.True(first.StartsWith("# source:", StringComparison.Ordinal) && first.Length > 30, $"{file} must start with '# source: <where it came from>'");
        }
    }
}
