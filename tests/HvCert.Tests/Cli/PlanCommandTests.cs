using HvCert.Tests.Validation;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HvCert.Tests.Cli;

public sealed class PlanCommandTests
{
    [Fact]
    public void Plan_FullOnLabJson_Covers3ReleasesTimes2GenerationsTimes35Features()
    {
        var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/full.yaml"), "--matrix", CliRunner.Repo("matrices/lab.yaml"), "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;

        var cells = root.GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("shared").EnumerateArray().Concat(g.GetProperty("isolated").EnumerateArray())
                .Select(c => $"{g.GetProperty("target").GetString()}/{g.GetProperty("generation").GetString()}/{c.GetProperty("feature").GetString()}"))
            .Concat(root.GetProperty("preset").EnumerateArray()
                .Select(c => $"{c.GetProperty("target").GetString()}/{c.GetProperty("generation").GetString()}/{c.GetProperty("feature").GetString()}"))
            .ToList();
        Assert.Equal(3 * 2 * 35, cells.Count);
        Assert.Equal(cells.Count, cells.Distinct().Count());
        foreach (var target in new[] { "debian-11", "debian-12", "debian-13" })
        {
            Assert.Equal(70, cells.Count(c => c.StartsWith(target + "/", StringComparison.Ordinal)));
        }

        // The QEMU lab's capabilities are detected on this host; cells it does not offer are preset with their reason.
        Assert.All(root.GetProperty("preset").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() == "NotOffered"),
            c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("reason").GetString())));
        var preset = root.GetProperty("preset").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() != "NotOffered").ToList();
        Assert.Equal(6, preset.Count);
        Assert.All(preset, c =>
        {
            Assert.Equal("Gen1", c.GetProperty("generation").GetString());
            Assert.Contains(c.GetProperty("feature").GetString(), new[] { "gen2.uefi", "gen2.secure-boot" });
            Assert.Equal("NotApplicable", c.GetProperty("verdict").GetString());
            Assert.Contains("generation 2 VMs only", c.GetProperty("reason").GetString(), StringComparison.Ordinal);
        });
        Assert.All(root.GetProperty("groups").EnumerateArray(), g =>
            Assert.Equal(g.GetProperty("generation").GetString() == "Gen2", g.GetProperty("secureBoot").GetBoolean()));
    }

    [Fact]
    public void Plan_Table_ShowsGroupsCountsAndReasons()
    {
        var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/full.yaml"), "--matrix", CliRunner.Repo("matrices/lab-debian12.yaml"));
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(new Regex(@"70 cells: \d+ to run in 2 VM group\(s\)"), result.Stdout);
        Assert.Contains("debian-12/gen2/qemu +SecureBoot", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"NotApplicable\s+gen2\.uefi"), result.Stdout);
    }

    [Fact]
    public void Plan_ShardsOfFullOnLab_PartitionAllCells()
    {
        var all = new List<string>();
        for (var k = 1; k <= 4; k++)
        {
            var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/full.yaml"), "--matrix", CliRunner.Repo("matrices/lab.yaml"), "--json", "--shard", $"{k}/4");
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Stdout);
            Assert.Equal($"{k}/4", json.RootElement.GetProperty("shard").GetString());
            all.AddRange(json.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()!));
        }

        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Distinct().Count());
    }

    [Fact]
    public void Plan_BackendDifferentFromMatrix_Exit2()
    {
        var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/smoke.yaml"), "--matrix", CliRunner.Repo("matrices/lab.yaml"), "--backend", "hyperv");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is written for backend qemu", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnknownBackend_Exit2WithSuggestion()
    {
        var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/smoke.yaml"), "--matrix", CliRunner.Repo("matrices/lab.yaml"), "--backend", "qemuu");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Did you mean 'qemu'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryShippedSuiteAndMatrix_Exit0()
    {
        var files = ShippedFiles.In("suites").Concat(ShippedFiles.In("matrices")).ToArray();
        var result = CliRunner.Run(["validate", .. files]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(files.Length, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Help_EveryVerb_PrintsUsage()
    {
        foreach (var verb in new[] { "features", "validate", "plan" })
        {
            var result = CliRunner.Run(verb, "--help");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_HyperVInventory_SaysWhatItIsAndExit2()
    {
        var inventory = CliRunner.Repo("matrices/hyperv-inventory.example.yaml");
        var result = CliRunner.Run("validate", inventory);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a Hyper-V inventory", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_FreeBsdMatrixTable_ShowsFreeBsdReasons()
    {
        var result = CliRunner.Run("plan", "--suite", CliRunner.Repo("suites/full.yaml"), "--matrix", CliRunner.Repo("matrices/hyperv-freebsd.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("FreeBSD has no synthetic video driver", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Microsoft's FreeBSD page has no PAE row", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("turns Secure Boot off for freebsd-14.3", result.Stdout, StringComparison.Ordinal);
    }
}
