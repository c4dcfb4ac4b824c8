using HvCert.Baselines;
using HvCert.Cli;
using HvCert.Cli.Commands;

namespace HvCert.Tests.Cli;

public sealed class RunBaselineTests
{
    private static readonly string DebianBaseline = Path.Combine(RepoPaths.Root, "matrices", "baselines", "debian.yaml");

    [Fact]
    public async Task RunAsync_MissingBaseline_ExitsTwoBeforeAnythingIsWritten()
    {
        var output = Directory.CreateTempSubdirectory("hvcert-runbaseline-").FullName;
        try
        {
            var request = new RunRequest(Path.Combine(RepoPaths.Root, "suites", "smoke.yaml"), Path.Combine(RepoPaths.Root, "matrices", "lab-debian12.yaml"),
                null, null, output, null, null, null, Baseline: Path.Combine(output, "no-such-baseline.yaml"));
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();

            var exit = await RunCommand.RunAsync(request, stdout, stderr, CancellationToken.None);

            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Contains("no such baseline file", stderr.ToString());
            Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Apply_RunAgainstBaseline_RegressionTurnsGreenRed_InfrastructureKeepsItsCode()
    {
        var run = Directory.CreateTempSubdirectory("hvcert-runbaseline-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoPaths.Samples, "approved", "sample-run.evidence.jsonl"), Path.Combine(run, "evidence.jsonl"));
            var regressions = BaselineDiff.Compare(run, DebianBaseline).HasRegressions;
            using var stdout = new StringWriter();

            Assert.Equal(regressions ? ExitCodes.CertificationFailed : ExitCodes.Ok, RunBaseline.Apply(ExitCodes.Ok, run, DebianBaseline, stdout, TextWriter.Null));
            Assert.Equal(ExitCodes.InfrastructureError, RunBaseline.Apply(ExitCodes.InfrastructureError, run, DebianBaseline, stdout, TextWriter.Null));
            Assert.Contains("comparing with", stdout.ToString());
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }
}
