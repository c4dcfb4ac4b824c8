using HvCert.Tests.Reporting;

namespace HvCert.Tests.Cli;

/// <summary>
/// Every verb that writes stays within what it was told (issue #16: `baseline import` without --output wrote wherever a
/// page title pointed, e.g. ../../suites/full). The real process runs in a sandbox working directory; afterwards every
/// new or changed file must lie under the verb's own output.
/// </summary>
public sealed class WritesWithinOutputTests : IDisposable
{
    private readonly string _sandbox = Directory.CreateTempSubdirectory("hvcert-writes-").FullName;

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    [Fact]
    public void EveryWritingVerb_WritesOnlyUnderItsOutput()
    {
        var run = Path.Combine(_sandbox, "runs", "r1");
        SampleRun.WriteRunDir(run);
        var page = Path.Combine(_sandbox, "pages", "page.md");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        File.WriteAllText(page, File.ReadAllText(Path.Combine(RepoPaths.Samples, "baselines", "debian.md"))
            .Replace("# Supported Debian", "# Supported ../../../escape/Debian", StringComparison.Ordinal));

        Check(["report", run], run);
        Check(["merge", run, "--output", Path.Combine(_sandbox, "merged")], Path.Combine(_sandbox, "merged"));
        Check(["baseline", "import", page, "--output", Path.Combine(_sandbox, "out", "b.yaml")], Path.Combine(_sandbox, "out", "b.yaml"));
        Check(["baseline", "import", page], Path.Combine(_sandbox, "baseline.yaml")); // the fixed default, never a name from the page
        Check(["diff", run, "--baseline", Path.Combine(_sandbox, "out", "b.yaml")], null);
        Check(["validate", CliRunner.Repo("suites/smoke.yaml")], null);
        Check(["plan", "--suite", CliRunner.Repo("suites/smoke.yaml"), "--matrix", CliRunner.Repo("matrices/lab.yaml")], null);
        Assert.False(Directory.Exists(Path.Combine(_sandbox, "..", "escape")));
    }

    private void Check(string[] args, string? allowed)
    {
        var before = Snapshot();
        var result = CliRunner.RunProcess(_sandbox, args);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        var changed = Snapshot().Where(kv => !before.TryGetValue(kv.Key, out var was) || was != kv.Value).Select(kv => kv.Key).ToList();
        var outside = changed.Where(p => allowed is null || !(p == allowed || p.StartsWith(allowed + Path.DirectorySeparatorChar, StringComparison.Ordinal))).ToList();
        Assert.True(outside.Count == 0, $"hvcert {string.Join(' ', args)} (exit {result.ExitCode}) wrote outside {allowed ?? "nothing"}: {string.Join(", ", outside)}");
    }

    private Dictionary<string, DateTime> Snapshot() =>
        Directory.GetFiles(_sandbox, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
}
