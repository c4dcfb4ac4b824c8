using System.Text.RegularExpressions;

namespace HvCert.Tests.Cli;

/// <summary>
/// Every file in Samples/malformed states its expected location and message on its first line
/// ("# expect: LINE:COL text"); hvcert must print exactly that location, exit 2, print nothing on stdout
/// and never a stack trace.
/// </summary>
public sealed partial class MalformedCorpusTests
{
    private static readonly string Corpus = Path.Combine(RepoPaths.Samples, "malformed");

    public static TheoryData<string> SingleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Corpus, "*.yaml", SearchOption.AllDirectories).Where(f => !f.Contains("pair", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Corpus, f));
        }

        return data;
    }

    public static TheoryData<string> Pairs()
    {
        var data = new TheoryData<string>();
        foreach (var d in Directory.GetDirectories(Path.Combine(Corpus, "pair")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(d));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastTwentyFiles()
    {
        Assert.True(SingleFiles().Count + Pairs().Count >= 20);
    }

    [Theory]
    [MemberData(nameof(SingleFiles))]
    public void Validate_MalformedFile_LocatedMessageAndExit2(string relative)
    {
        var path = Path.Combine(Corpus, relative);
        var result = CliRunner.Run("validate", path);
        AssertLocated(result, path, path);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Plan_ImpossibleSuiteMatrixPair_LocatedMessageAndExit2(string pair)
    {
        var suite = Path.Combine(Corpus, "pair", pair, "suite.yaml");
        var matrix = Path.Combine(Corpus, "pair", pair, "matrix.yaml");
        AssertLocated(CliRunner.Run("plan", "--suite", suite, "--matrix", matrix), suite, suite);
        AssertLocated(CliRunner.Run("validate", matrix, suite), suite, suite);
    }

    [Fact]
    public void Validate_MissingFile_LocatedMessageAndExit2()
    {
        var path = Path.Combine(Corpus, "does-not-exist.yaml");
        var result = CliRunner.Run("validate", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:1:1: error:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not found", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("1-2")]
    [InlineData("a/b")]
    public void Plan_BadShard_Exit2WithFix(string shard)
    {
        var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/smoke.yaml"), "--matrix", CliRunner.Repo("matrices/lab.yaml"), "--shard", shard);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"hvcert plan: error: --shard '{shard}' is not k/n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Program_RealProcess_MalformedInputExits2WithoutStackTrace()
    {
        var path = Path.Combine(Corpus, "suite", "unknown-feature-id.yaml");
        var result = CliRunner.RunProcess(RepoPaths.Root, "validate", path);
        AssertLocated(result, path, path);

        var missingOption = CliRunner.RunProcess(RepoPaths.Root, "plan", "--suite", path);
        Assert.Equal(2, missingOption.ExitCode);
        Assert.DoesNotContain("   at ", missingOption.Stderr, StringComparison.Ordinal);
    }

    private static void AssertLocated(CliRunner.Result result, string expectationFile, string reportedPath)
    {
        var expect = Expectation().Match(File.ReadLines(expectationFile).First());
        Assert.True(expect.Success, $"{expectationFile} has no '# expect: LINE:COL text' first line");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        var line = result.Stderr.Split('\n').FirstOrDefault(l => l.StartsWith($"{reportedPath}:{expect.Groups[1].Value}: error:", StringComparison.Ordinal));
        Assert.True(line is not null, $"expected {reportedPath}:{expect.Groups[1].Value}: in:\n{result.Stderr}");
        Assert.Contains(expect.Groups[2].Value, line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Fix:", line, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^# expect: (\d+:\d+) (.+)$")]
    private static partial Regex Expectation();
}
