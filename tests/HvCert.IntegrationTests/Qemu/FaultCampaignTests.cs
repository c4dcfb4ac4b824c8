using System.Diagnostics;
using System.Text.Json;
using HvCert.Tests;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>
/// Real `hvcert run`s on the lab with faults injected by bench/fault-campaign (this build's hvcert). The two scenarios
/// reproduce the faults that once became verdicts: QEMU frozen while heartbeat's host step ran (read as "host sees no
/// heartbeat", Not supported) and the guest's disk full during time sync, TRIM and file copy (Not supported). Both must
/// now end their attempt as an infrastructure Error that is retried. The short campaign injects one fault of each kind
/// (8: the full `--faults 100` takes about an hour on a 2-core TCG machine, too long for CI) and must count no leak,
/// no lost or redone cell, no misreported fault and no unreadable evidence.
/// </summary>
[Collection(QemuLabCollection.Name)]
public sealed class FaultCampaignTests(ITestOutputHelper output)
{
    [QemuLabFact]
    public async Task HeartbeatStall_QemuFrozenDuringHostStep_ErrorRetriedNeverNotSupported()
    {
        var faults = await CampaignAsync("--scenario", "heartbeat-stall");

        var attempts = Assert.Single(faults).GetProperty("result").GetProperty("attempts").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("debian-12/Gen1/qemu/core.heartbeat#1=Error(retry)", attempts[0]);
    }

    [QemuLabFact]
    public async Task DiskFull_DuringTimeSyncTrimFileCopy_ErrorRetriedNeverNotSupported()
    {
        var faults = await CampaignAsync("--scenario", "disk-full");

        Assert.Equal(3, faults.Count);
        foreach (var (fault, feature) in faults.Zip(["core.time-sync", "storage.trim", "misc.file-copy"]))
        {
            Assert.Contains($"debian-12/Gen1/qemu/{feature}#1=Error(retry)",
                fault.GetProperty("result").GetProperty("attempts").EnumerateArray().Select(a => a.GetString()));
        }
    }

    [QemuLabFact]
    public async Task ShortCampaign_OneFaultOfEachKind_NoLeakNoLossNoMisreport()
    {
        var faults = await CampaignAsync("--faults", "8", "--seed", "1");

        Assert.Equal(8, faults.Select(f => f.GetProperty("kind").GetString()).Distinct().Count());
    }

    /// <summary>Runs the campaign (exit 0 means no miss of any kind) and returns the faults it injected.</summary>
    private async Task<List<JsonElement>> CampaignAsync(params string[] args)
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Fail("bench/fault-campaign needs python3 (apt-get install python3)");
        }

        var outDir = Directory.CreateTempSubdirectory("hvcert-fault-campaign-").FullName;
        try
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
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(45));
            await process.WaitForExitAsync(limit.Token);
            output.WriteLine(await stdout);
            output.WriteLine(await stderr);
            Assert.True(process.ExitCode == 0, $"bench/fault-campaign {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "campaign.json")));
            return json.RootElement.GetProperty("runs").EnumerateArray().SelectMany(r => r.GetProperty("faults").EnumerateArray()).Select(f => f.Clone()).ToList();
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
