using HvCert.Cli.Commands;

namespace HvCert.Tests.Cli;

public class JudgeCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-judge-test-").FullName;

    [Fact]
    public void Run_UnknownFeature_SuggestsAndExits2()
    {
        var (code, _, err) = Invoke("core.hartbeat", "--print");

        Assert.Equal(2, code);
        Assert.Contains("Did you mean: core.heartbeat", err);
    }

    [Fact]
    public void Run_PrintCommands_ListsNumberedGuestAndHostSteps()
    {
        var (code, output, _) = Invoke("core.heartbeat", "--print");

        Assert.Equal(0, code);
        Assert.Contains("  1  for d in /sys/bus/vmbus/devices/*", output);
        Assert.Contains(" h2  [host] heartbeat", output);
    }

    [Fact]
    public void Run_OutputsDirectory_JudgesWithHostObservations()
    {
        File.WriteAllText(Path.Combine(dir, "0.txt"), HvCert.Tests.Features.HyperVPlatform.Linux);
        File.WriteAllText(Path.Combine(dir, "1.txt"), "vmbus fd149e91-82e0-4a7d-afa6-2a4166cbd7c0 hv_utils {57164f39-9115-4e78-ab55-382f3bd5422d}\n");
        File.WriteAllText(Path.Combine(dir, "h2.json"), "{\"alive\": \"true\", \"status\": \"OK\"}");

        var (code, output, _) = Invoke("core.heartbeat", dir);

        Assert.Equal(0, code);
        Assert.StartsWith("core.heartbeat: Supported:", output);
    }

    [Fact]
    public void Run_HugeStepOutput_RefusedWithFileAndLimitBeforeReading()
    {
        using (var f = File.Create(Path.Combine(dir, "1.txt")))
        {
            f.SetLength(9L * 1024 * 1024);
        }

        var (code, output, err) = Invoke("core.heartbeat", dir);

        Assert.Equal(2, code);
        Assert.Contains("1.txt:1:1: is 9 MB; hvcert judges at most 8 MB per file", err);
        Assert.Empty(output);
    }

    [Fact]
    public void Run_ControlCharacterInHostJson_NamesLineAndColumnAndExits2()
    {
        File.WriteAllText(Path.Combine(dir, "1.txt"), "x");
        File.WriteAllText(Path.Combine(dir, "h2.json"), "{\n  \"alive\": \"true\u001b]0;owned\u0007\"\n}");

        var (code, _, err) = Invoke("core.heartbeat", dir);

        Assert.Equal(2, code);
        Assert.Contains("h2.json:2:17: holds the control character \\x1b", err);
        Assert.DoesNotContain('\u001b', err);
    }

    [Fact]
    public void Run_NulPaddedExitFile_Refused()
    {
        File.WriteAllText(Path.Combine(dir, "1.txt"), "x");
        File.WriteAllText(Path.Combine(dir, "1.exit"), "0\0\0\0");

        var (code, _, err) = Invoke("core.heartbeat", dir);

        Assert.Equal(2, code);
        Assert.Contains("1.exit:1:2: holds the control character", err);
    }

    [Fact]
    public void Run_GuestOutputWithEscapesInReason_PrintedVisibleNeverRaw()
    {
        // The guest's output reaches the verdict reason; the terminal must not receive its escape sequences.
        File.WriteAllText(Path.Combine(dir, "1.txt"), "\u001b]0;pwned\u0007\u202e\n");
        File.WriteAllText(Path.Combine(dir, "h2.json"), "{\"alive\": \"true\", \"status\": \"OK\"}");

        var (_, output, _) = Invoke("core.heartbeat", dir);

        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u202e', output);
    }

    [Fact]
    public void Run_BadExitFile_NamesFileLineColumnAndExits2()
    {
        File.WriteAllText(Path.Combine(dir, "1.txt"), "x");
        File.WriteAllText(Path.Combine(dir, "1.exit"), "zero");

        var (code, _, err) = Invoke("core.heartbeat", dir);

        Assert.Equal(2, code);
        Assert.Contains("1.exit:1:1:", err);
    }

    [Fact]
    public void Run_BrokenHostJson_NamesLineAndColumn()
    {
        File.WriteAllText(Path.Combine(dir, "1.txt"), "x");
        File.WriteAllText(Path.Combine(dir, "h2.json"), "{\n  \"alive\": tru\n}");

        var (code, _, err) = Invoke("core.heartbeat", dir);

        Assert.Equal(2, code);
        Assert.Contains("h2.json:2:", err);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static (int Code, string Out, string Err) Invoke(string feature, string outputsOrPrint)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var print = outputsOrPrint == "--print";
        var code = JudgeCommand.Run(feature, "linux", "hyperv", 1, print, print ? null : outputsOrPrint, false, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
