using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.HyperV.Inventory;
using HvCert.Suites;
using HvCert.Tests.Cli;
using HvCert.Validation;

namespace HvCert.Tests.Validation;

/// <summary>
/// Crash classes of issue #16 that need generated inputs (too large for the malformed corpus): each of these crashed
/// or ran away before the input limits: a 100k-deep flow nesting aborted the process (stack overflow), a file of
/// aliases took 2 GB, a 50 MB suite of duplicates printed 507 MB of errors, huge durations threw OverflowException.
/// </summary>
public sealed class InputLimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("suite", "name: deep\nfeatures:\n  - ")]
    [InlineData("matrix", "name: deep\nbackend: qemu\ntargets: ")]
    public void Validate_100kDeepFlowNesting_RefusedWithLocationNotStackOverflow(string kind, string head)
    {
        var path = Write($"{kind}.yaml", head + new string('[', 100_000) + new string(']', 100_000) + "\n");
        var result = CliRunner.Run("validate", path);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"{path}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nest more than 64 levels", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_100kDeepNesting_RefusedWithLocation()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("inv.yaml", "host: " + new string('{', 100_000)));
        Assert.StartsWith("inv.yaml:1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("nest more than 64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverSizeCap_RefusedBeforeParsing()
    {
        var path = Write("big.yaml", "name: big\nfeatures: [core.heartbeat]\n" + string.Concat(Enumerable.Repeat("# padding padding padding padding\n", 260_000)));
        var result = CliRunner.Run("validate", path);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"{path}:1:1: error: the suite or matrix file is", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("at most 8 MB", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThousandsOfProblems_First50ThenACount()
    {
        var path = Write("dups.yaml", "name: dups\nfeatures:\n" + string.Concat(Enumerable.Repeat("  - core.heartbeat\n", 5000)));
        var result = CliRunner.Run("validate", path);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal(50, result.Stderr.Split('\n').Count(l => l.Contains("listed twice", StringComparison.Ordinal)));
        Assert.Contains("and 4949 more", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999h")]
    [InlineData("300000000h")]
    [InlineData("9223372036854775808s")]
    [InlineData("169h")]
    public void Durations_BeyondSevenDays_RefusedNamingTheLimit(string text)
    {
        Assert.False(Durations.TryParse(text, out _, out var tooLong));
        Assert.True(tooLong);
        Assert.Contains("168h", Durations.Limit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("168h", 168 * 3600)]
    [InlineData("1m30s", 90)]
    [InlineData("000000000000000000090s", 90)]
    public void Durations_WithinLimit_Parsed(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("peer_ip: 999.1.1.1\n    guest_ip: 10.0.0.2\n    prefix: 24", "not an IPv4 address")]
    [InlineData("peer_ip: 10.0.0.1\n    guest_ip: 10.0.0\n    prefix: 24", "not an IPv4 address")]
    [InlineData("peer_ip: 10.0.0.1\n    guest_ip: 10.0.0.2\n    prefix: 99", "not an IPv4 prefix length")]
    [InlineData("peer_ip: 10.0.0.1\n    guest_ip: 10.0.0.2\n    prefix: 99999999999999", "positive whole number")]
    public void Inventory_BadVlanAddresses_Refused(string vlan, string expected)
    {
        var yaml = $"host:\n  address: .\n  storage: {{ host_path: x }}\nswitch: s\nvlan:\n    {vlan}\n";
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("inv.yaml", yaml));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("inv.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shared_storage: yes\n", "must be true or false")]
    [InlineData("shared_storage: \"true\"\n", "must be true or false")]
    [InlineData("ssh_user: \"  \"\n", "non-empty")]
    [InlineData("ssh_user: !python/object:os.system x\n", "YAML tag")]
    [InlineData("ssh_user: x\n\0\0\0", "control character")]
    public void Inventory_LooseValues_Refused(string extra, string expected)
    {
        var yaml = "host:\n  address: .\n  storage: { host_path: x }\nswitch: s\n" + extra;
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("inv.yaml", yaml));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_StrictBoolean_Accepted()
    {
        var inv = InventoryLoader.Parse("inv.yaml", "host:\n  address: .\n  storage: { host_path: x }\nswitch: s\nshared_storage: true\n");
        Assert.True(inv.SharedStorage);
    }

    [Fact]
    public void ControlCharacter_FoundWithLineAndColumn()
    {
        Assert.Equal((2, 3, "\\x00"), InputLimits.FindControlCharacter("ab\ncd\0"));
        Assert.Null(InputLimits.FindControlCharacter("tab\tand\r\nnewline é ✔"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
