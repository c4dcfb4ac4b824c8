using System.Diagnostics;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Qemu.Images;
using HvCert.Qemu.Lab;
using HvCert.Transport;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>
/// One real lab VM per test class, booted once and reused by its tests. The image is taken from the per-user cache
/// (built through the image store when missing). On dispose it checks that no QEMU process and no file of the run remain.
/// </summary>
public abstract class LabVmFixture : IAsyncLifetime
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(6);

    internal QemuBackend Backend { get; private set; } = null!;

    internal QemuVm Vm { get; private set; } = null!;

    public IGuestTransport Ssh { get; private set; } = null!;

    public string RunId { get; } = $"it-{Guid.NewGuid():N}"[..15];

    public TimeSpan BootToSsh { get; private set; }

    public TimeSpan ImageReady { get; private set; }

    protected abstract Generation Generation { get; }

    protected abstract bool SecureBoot { get; }

    /// <summary>Deliberate breakage for negative-control fixtures (none by default).</summary>
    protected virtual IReadOnlySet<VmFault>? Faults => null;

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            return; // Every test of the class is skipped by [QemuLabFact] with the reason.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        var store = LabImageStore.CreateDefault();
        var clock = Stopwatch.StartNew();
        var image = await store.EnsureAsync(LabRelease.Bookworm, null, cts.Token);
        ImageReady = clock.Elapsed;
        Backend = await QemuBackend.CreateAsync((_, _) => Task.FromResult(image.DiskPath), cts.Token);
        clock.Restart();
        Vm = (QemuVm)await Backend.ProvisionAsync(new VmSpec(RunId, $"vm-{Generation}".ToLowerInvariant(), "debian-bookworm", Generation, SecureBoot, Faults: Faults), cts.Token);
        Ssh = await Vm.UntilSshAcceptsAsync(BootDeadline, cts.Token);
        BootToSsh = clock.Elapsed;
    }

    /// <summary>
    /// Replaces a VM the infrastructure lost (a TCG guest that crashed after a restored state) with a fresh one, as the
    /// runner's retry-once policy does; the dead VM's resources are released first.
    /// </summary>
    public async Task ReprovisionAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await Vm.DisposeAsync();
        Vm = (QemuVm)await Backend.ProvisionAsync(new VmSpec(RunId, $"vm-{Generation}-retry".ToLowerInvariant(), "debian-bookworm", Generation, SecureBoot, Faults: Faults), cts.Token);
        Ssh = await Vm.UntilSshAcceptsAsync(BootDeadline, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (Backend is null)
        {
            return;
        }

        if (Vm is not null)
        {
            await Vm.DisposeAsync();
        }

        await Backend.ReapAsync(RunId, CancellationToken.None);
        await Backend.DisposeAsync();
        var leftovers = LeftoverQemuPids(RunId);
        var dir = Path.Combine(QemuBackendDefaults.RunRoot, RunId);
        if (leftovers.Count > 0 || Directory.Exists(dir) || File.Exists($"/run/netns/hvcert-{RunId}"))
        {
            throw new InvalidOperationException($"run {RunId} left QEMU pids [{string.Join(',', leftovers)}], folder {Directory.Exists(dir)}, netns {File.Exists($"/run/netns/hvcert-{RunId}")}");
        }
    }

    /// <summary>Runs a guest command over SSH and returns its stdout; fails the test when it fails.</summary>
    public async Task<string> GuestAsync(string command, int timeoutSeconds = 60)
    {
        var result = await Ssh.ExecAsync(command, TimeSpan.FromSeconds(timeoutSeconds), CancellationToken.None);
        Assert.True(result.Succeeded, $"guest command failed ({result.ExitCode}, timed out {result.TimedOut}): {command}\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout.Trim();
    }

    public async Task<long> MemTotalKbAsync() => long.Parse(await GuestAsync("awk '/^MemTotal/ {print $2}' /proc/meminfo"));

    /// <summary>Polls a guest command until its output satisfies <paramref name="done"/> (guest views settle asynchronously).</summary>
    public async Task<string> GuestUntilAsync(string command, Func<string, bool> done, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        string last;
        do
        {
            last = await GuestAsync(command);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(1000);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds));
        return last;
    }

    internal static List<int> LeftoverQemuPids(string runId) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), out var pid), Pid: pid))
            .Where(p => p.Ok)
            .Where(p =>
            {
                try
                {
                    var cmd = File.ReadAllText(Path.Combine(p.Dir, "cmdline"));
                    return cmd.Contains("qemu-system", StringComparison.Ordinal) && cmd.Contains($"hvcert-{runId}-", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .Select(p => p.Pid)
            .ToList();
}

public sealed class Gen1VmFixture : LabVmFixture
{
    protected override Generation Generation => Generation.Gen1;

    protected override bool SecureBoot => false;
}

public sealed class Gen2VmFixture : LabVmFixture
{
    protected override Generation Generation => Generation.Gen2;

    protected override bool SecureBoot => false;
}

public sealed class Gen2SecureBootVmFixture : LabVmFixture
{
    protected override Generation Generation => Generation.Gen2;

    protected override bool SecureBoot => true;
}
