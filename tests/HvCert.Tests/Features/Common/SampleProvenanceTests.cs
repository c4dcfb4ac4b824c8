namespace HvCert.Tests.Features.Common;

public class SampleProvenanceTests
{
    [Fact]
    public void EverySample_FirstLine_NamesItsSource()
    {
        var files = HvCert.Tests.Guests.Tools.Linux.LinuxSamples.All().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var first = File.ReadLines(file).First();
            Assert.True(first.StartsWith("# source:", StringComparison.Ordinal) && first.Length > 30, $"{file} must start with '# source: <where it came from>'");
        }
    }
}
