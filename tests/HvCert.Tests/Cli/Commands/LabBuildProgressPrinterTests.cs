using HvCert.Cli.Commands;
using HvCert.Qemu.Images;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Cli.Commands;

public sealed class LabBuildProgressPrinterTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 7, 40, 0, TimeSpan.Zero));
    private readonly StringWriter output = new();

    private static ImageBuildProgress Step(string step, int n, double total, bool finished = false, string? detail = null, bool milestone = false) =>
        new("debian-bookworm", step, n, 7, TimeSpan.FromSeconds(total), finished, detail, milestone);

    private void Advance(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void OffTerminal_TimestampedLinesForStepsPhasesAndAQuietStep()
    {
        using var printer = new LabBuildProgressPrinter(output, interactive: false, time);

        printer.Report(Step("debootstrap", 1, 0));
        Advance(5);
        printer.Report(Step("debootstrap", 1, 5, detail: "retrieving package 1: adduser", milestone: true));
        printer.Report(Step("debootstrap", 1, 5, detail: "retrieving package 2: apt"));
        Advance(31);
        printer.Report(Step("debootstrap", 1, 36, finished: true));

        Assert.Equal(
        [
            "07:40:00 [1/7] debootstrap ... (total 0s)",
            "07:40:05 [1/7] debootstrap 5s, retrieving package 1: adduser",
            "07:40:35 [1/7] debootstrap 35s, still running, retrieving package 2: apt",
            "07:40:36 [1/7] debootstrap done in 36s (total 36s), retrieving package 2: apt",
        ], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void OnTerminal_OneLiveLineWithElapsedSecondsAndThePackageCount()
    {
        using var printer = new LabBuildProgressPrinter(output, interactive: true, time, () => 0);

        printer.Report(Step("debootstrap", 1, 0));
        printer.Report(Step("debootstrap", 1, 0, detail: "unpacking package 57/161: libc6", milestone: true));
        Advance(42);

        var text = output.ToString();
        Assert.EndsWith("\r[1/7] debootstrap 42s, unpacking package 57/161: libc6\u001b[K", text);
        Assert.Contains("\r[1/7] debootstrap 41s, unpacking package 57/161: libc6\u001b[K", text);
        Assert.DoesNotContain("\n", text);
    }

    [Fact]
    public void OnTerminal_ALineWiderThanTheTerminalIsCutSoItCanBeRepainted()
    {
        using var printer = new LabBuildProgressPrinter(output, interactive: true, time, () => 40);

        printer.Report(Step("debootstrap", 1, 0));
        printer.Report(Step("debootstrap", 1, 0, detail: "configuring package 147/161: linux-image-6.1.0-50-amd64"));
        Advance(1);

        Assert.EndsWith("\r[1/7] debootstrap 1s, configuring packa\u001b[K", output.ToString());   // 39 of 40 columns
    }
}
