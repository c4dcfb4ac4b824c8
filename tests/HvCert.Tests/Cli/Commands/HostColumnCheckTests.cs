namespace HvCert.Tests.Cli.Commands;

/// <summary>`hvcert plan --inventory`: a matrix host column that no inventory host serves is bad input at the column (exit 2).</summary>
public sealed class HostColumnCheckTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-columns").FullName;

    [Fact]
    public void Plan_ColumnWithoutHost_Exit2AtTheColumnWithWhatToDo()
    {
        var inventory = Write("inv.yaml", "hosts:\n  - name: hv19\n    address: hv19\n    storage: { host_path: 'D:\\h', share: '\\\\hv19\\h' }\n    version: \"2019\"\nswitch: s\n");
        var matrix = Write("m.yaml", Matrix("""hosts: ["2019", "2025"]"""));

        var result = CliRunner.Run("plan", "--suite", Path.Combine(RepoPaths.Root, "suites", "smoke.yaml"), "--matrix", matrix, "--inventory", inventory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{matrix}:4:17: error: host column \"2025\" has no Hyper-V host", result.Stderr);
        Assert.Contains("add a Windows Server 2025 host", result.Stderr);
        Assert.DoesNotContain("2019\" has no", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Plan_EveryColumnServed_PlansBothColumns()
    {
        var inventory = Write("inv.yaml", "hosts:\n  - { name: hv19, address: hv19, storage: { host_path: 'D:\\h', share: '\\\\hv19\\h' }, version: \"2019\" }\n"
            + "  - { name: hv25, address: hv25, storage: { host_path: 'D:\\h', share: '\\\\hv25\\h' }, version: \"2025\" }\nswitch: s\n");
        var matrix = Write("m.yaml", Matrix("""hosts: ["2019", "2025"]"""));

        var result = CliRunner.Run("plan", "--suite", Path.Combine(RepoPaths.Root, "suites", "smoke.yaml"), "--matrix", matrix, "--inventory", inventory, "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"2019\"", result.Stdout);
        Assert.Contains("\"2025\"", result.Stdout);
    }

    [Fact]
    public void Validate_WithInventory_ColumnWithoutHost_Exit2AtTheColumn()
    {
        var inventory = Write("inv.yaml", "host:\n  name: hv19\n  address: hv19\n  storage: { host_path: 'D:\\h', share: '\\\\hv19\\h' }\n  version: \"2019\"\nswitch: s\n");
        var matrix = Write("m.yaml", Matrix("""hosts: ["2019", "2022"]"""));

        var withInventory = CliRunner.Run("validate", matrix, "--inventory", inventory);
        var without = CliRunner.Run("validate", matrix);

        Assert.Equal(2, withInventory.ExitCode);
        Assert.Contains($"{matrix}:4:17: error: host column \"2022\" has no Hyper-V host", withInventory.Stderr);
        Assert.Equal(0, without.ExitCode); // the matrix alone is valid: which hosts exist is the inventory's business
    }

    [Fact]
    public async Task Run_ColumnWithoutHost_Exit2BeforeAnyHostIsContacted()
    {
        var inventory = Write("inv.yaml", "host:\n  name: hv19\n  address: hv19.invalid\n  storage: { host_path: 'D:\\h', share: '\\\\hv19\\h' }\n  version: \"2019\"\nswitch: s\n");
        var matrix = Write("m.yaml", Matrix("""hosts: ["2025"]"""));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await HvCert.Cli.Commands.RunCommand.RunAsync(new HvCert.Cli.Commands.RunRequest(Path.Combine(RepoPaths.Root, "suites", "smoke.yaml"), matrix,
            null, null, Path.Combine(dir, "out"), null, null, null, inventory), stdout, stderr, default);

        Assert.Equal(2, code);
        Assert.Contains($"{matrix}:4:9: error: host column \"2025\" has no Hyper-V host", stderr.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Matrix(string hostsLine) => $"""
        name: columns
        description: host columns
        backend: hyperv
        {hostsLine}
        generations:
          - generation: 2
        targets:
          - id: debian-12
            distro: debian
            release: "12"
            os: linux
            images: {"{"} gen2: 'D:\t\debian-12-gen2.vhdx' {"}"}
        """;
}
