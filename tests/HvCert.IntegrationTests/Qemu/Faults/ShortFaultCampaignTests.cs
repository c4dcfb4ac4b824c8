using System.Diagnostics;
using System.Text.Json;
using HvCert.Tests;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu.Faults;

/// <summary>A lab fact that also needs python3 (bench/fault-campaign is a Python script).</summary>
public sealed class FaultCampaignFactAttribute : FactAttribute
{
    public FaultCampaignFactAttribute()
    {
        Skip = new QemuLabFactAttribute().Skip
            ?? (File.Exists("/usr/bin/python3") ? null : "bench/fault-campaign is a Python script: install python3");
    }
}

/// <summary>
/// The short form of `bench/fault-campaign` (issue #16): real `hvcert run`s of this build on the lab (Debian 12 Gen1 and
/// Gen2 side by side) with one fault of each of the 8 kinds injected at seeded points: kill -9 of QEMU, a guest kernel
/// panic, sshd cut, QEMU stalled past the QMP and agent timeouts, the guest disk full, and SIGINT, SIGTERM and kill -9 of
/// hvcert, each followed by `--resume`. The campaign's own table must count no planned fault left uninjected, no leaked
/// QEMU, overlay, run folder or namespace, no finished cell lost or redone by a resume, no fault read as a verdict other
/// than Error, no first-attempt Error left unretried, and evidence that `hvcert report` and the campaign both read.
/// The full `--faults 100` (README, "Reliability: the fault campaign") takes well over an hour here; 8 is every kind once.
/// </summary>
[Collection(QemuLabCollection.Name)]
public sealed class ShortFaultCampaignTests(ITestOutputHelper output)
{
    [FaultCampaignFact]
    public async Task EveryKindOnce_AllInjected_NoLeakNoLossNoMisreport_EvidenceReadable()
    {
        // HVCERT_FAULT_CAMPAIGN_OUT keeps the campaign's folder (a piece for `bench/fault-campaign --combine`).
        var keep = Environment.GetEnvironmentVariable("HVCERT_FAULT_CAMPAIGN_OUT");
        var outDir = string.IsNullOrEmpty(keep) ? Directory.CreateTempSubdirectory("hvcert-fault-campaign-").FullName : keep;
        try
        {
            var (exit, text) = await RunCampaignAsync(outDir, "--faults", "8", "--seed", "3");
            Assert.True(exit == 0, $"bench/fault-campaign exited {exit} (1: a miss, 3: it could not run):\n{text}");

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "campaign.json")));
            var root = json.RootElement;
            Assert.Empty(root.GetProperty("pending").EnumerateArray());
            var runs = root.GetProperty("runs").EnumerateArray().ToList();
            var faults = runs.SelectMany(r => r.GetProperty("faults").EnumerateArray()).ToList();
            Assert.Equal(8, faults.Count);
            Assert.Equal(8, faults.Select(f => f.GetProperty("kind").GetString()).Distinct().Count());
            foreach (var f in faults)
            {
                var r = f.GetProperty("result");
                var leaks = r.GetProperty("leaks").EnumerateObject().Sum(p => p.Value.GetInt32());
                Assert.True(leaks == 0, $"{f.GetProperty("kind")}: leaks {r.GetProperty("leaks")}");
                foreach (var miss in (string[])["misreported", "not_retried", "lost", "redone"])
                {
                    Assert.True(!r.TryGetProperty(miss, out var list) || list.GetArrayLength() == 0, $"{f.GetProperty("kind")}: {miss} {r}");
                }
            }

            Assert.All(runs, r => Assert.True(r.GetProperty("evidence_ok").GetBoolean(), r.GetProperty("evidence_note").GetString()));
            Assert.All(runs, r => Assert.Empty(r.GetProperty("unexplained").EnumerateArray()));
            Assert.All(runs, r => Assert.Empty(r.GetProperty("unjudged").EnumerateArray()));
        }
        finally
        {
            if (string.IsNullOrEmpty(keep))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    /// <summary>Runs bench/fault-campaign with this build's hvcert (the test folder's hvcert.dll) and returns its exit and output.</summary>
    private async Task<(int Exit, string Text)> RunCampaignAsync(string outDir, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(RepoPaths.Root, "bench", "fault-campaign"), .. args, "--out", outDir,
                     "--hvcert", Path.Combine(AppContext.BaseDirectory, "hvcert.dll")])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(40));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await stdout + await stderr;
        output.WriteLine(text);
        return (process.ExitCode, text);
    }
}
