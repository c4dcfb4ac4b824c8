using System.Diagnostics;
using HvCert.Cli;

namespace HvCert.Tests.Cli;

public sealed class TerminationSignalsTests
{
    [Fact]
    public async Task Signalled_CancelsTheVerbsToken_AndAbandonsTheVerbOnlyAfterTheGrace()
    {
        using var signals = new TerminationSignals(TimeSpan.FromMilliseconds(200), listen: false);
        Assert.False(signals.Token.IsCancellationRequested);

        signals.Signalled();
        signals.Signalled(); // a second Ctrl-C neither restarts nor shortens the grace

        Assert.True(signals.Token.IsCancellationRequested);
        Assert.False(signals.Abandoned.IsCompleted);
        Assert.Equal(ExitCodes.Cancelled, await signals.Abandoned.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task NoSignal_NeverAbandons()
    {
        using var signals = new TerminationSignals(TimeSpan.FromMilliseconds(50), listen: false);

        await Task.Delay(300);

        Assert.False(signals.Abandoned.IsCompleted);
        Assert.False(signals.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task SigtermBeforeTheVerbStarts_DoesNotKillHvcert()
    {
        // The fault campaign's SIGTERM landed on a starting `run --resume` before System.CommandLine installed its
        // handler, and the runtime's default action ended hvcert (exit 143). A response file on a FIFO holds hvcert in
        // Parse, before the verb starts, for as long as the test wants: the signal lands exactly there.
        var dir = Directory.CreateTempSubdirectory("hvcert-sigterm-").FullName;
        try
        {
            var fifo = Path.Combine(dir, "args");
            using (var mkfifo = Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hvcert.dll"));
            start.ArgumentList.Add("@" + fifo);
            using var hvcert = Process.Start(start)!;
            var stdout = hvcert.StandardOutput.ReadToEndAsync();
            var stderr = hvcert.StandardError.ReadToEndAsync();
            await Task.Delay(TimeSpan.FromSeconds(3)); // past the runtime's start-up, blocked reading the FIFO
            Assert.False(hvcert.HasExited, "hvcert must wait in Parse for its response file");
            using (var kill = Process.Start("kill", ["-TERM", hvcert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Task.Delay(500);
            await File.WriteAllTextAsync(fifo, "validate\nsuites/smoke.yaml\n");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await hvcert.WaitForExitAsync(timeout.Token);

            Assert.NotEqual(143, hvcert.ExitCode); // 128 + SIGTERM: killed by the default action
            Assert.Contains("smoke.yaml", await stdout + await stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
