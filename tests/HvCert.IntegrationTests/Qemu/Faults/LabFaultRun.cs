using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using HvCert.Cli.Commands;
using HvCert.Evidence;
using HvCert.Features;
using HvCert.Hosts;
using HvCert.Qemu.Lab;
using HvCert.Running;
using HvCert.Transport;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu.Faults;

/// <summary>
/// A real lab run (RunSession and Runner, as `hvcert run` drives them) of one Debian 12 Gen1 VM path, with a fault
/// injected at an exact point: the injector sees every event as the runner records it and acts before the probe goes on
/// (the probe's thread records the event), so "after heartbeat's guest step" means before its host step, every time.
/// </summary>
internal sealed class LabFaultRun : IRunProgress
{
    private readonly ConcurrentDictionary<string, QemuVm> vms = new();
    private readonly ConcurrentDictionary<string, string> vmNames = new();
    private readonly ConcurrentDictionary<(string Feature, int Attempt), string> vmOfAttempt = new();
    private readonly Func<EvidenceEvent, string?> trigger;
    private readonly Func<QemuVm, string> fault;
    private readonly ITestOutputHelper output;

    private LabFaultRun(Func<EvidenceEvent, string?> trigger, Func<QemuVm, string> fault, ITestOutputHelper output)
    {
        (this.trigger, this.fault, this.output) = (trigger, fault, output);
    }

    /// <summary>What each injection did, in order ("core.heartbeat#1: SIGSTOP QEMU 4242 for 40 s").</summary>
    public List<string> Injected { get; } = [];

    /// <summary>
    /// Runs <paramref name="features"/> on one Gen1 VM path and returns the run's evidence as written to disk.
    /// <paramref name="trigger"/> names the feature whose VM gets the fault when an event is the injection point.
    /// </summary>
    public static async Task<(IReadOnlyList<EvidenceEvent> Events, LabFaultRun Run, string RunId)> RunAsync(
        IReadOnlyList<string> features, Func<EvidenceEvent, string?> trigger, Func<QemuVm, string> fault, ITestOutputHelper output)
    {
        var dir = Directory.CreateTempSubdirectory("hvcert-fault-it-").FullName;
        try
        {
            var suite = Path.Combine(dir, "suite.yaml");
            var matrix = Path.Combine(dir, "matrix.yaml");
            File.WriteAllText(suite, $"name: fault-scenario\ntimeout: 150s\nfeatures:\n{string.Concat(features.Select(f => $"  - {f}\n"))}");
            File.WriteAllText(matrix, "name: fault-scenario\nbackend: qemu\nhosts: [qemu]\ngenerations:\n  - generation: 1\n"
                + "targets:\n  - id: debian-12\n    distro: debian\n    release: \"12\"\n    os: linux\n    image: debian-bookworm\n");
            var plan = PlanCommand.Make(suite, matrix, null, null);
            var run = new LabFaultRun(trigger, fault, output);
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(30));
            await using var qemu = await QemuBackend.CreateDefaultAsync(limit.Token);
            var env = new RunEnvironment(new Watched(qemu, run), ProbeRegistry.Catalog, _ => run, TimeProvider.System, 1, TimeSpan.FromMinutes(6));
            var outcome = await RunSession.StartAsync(plan, null, null, suite, matrix, Path.Combine(dir, "runs"), env, limit.Token);
            var log = EvidenceReader.Read(outcome.Directory.Evidence);
            Assert.Empty(log.Damage);
            return (log.Events, run, outcome.Directory.RunId);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What the run left on the host (must be nothing once it ended): QEMU processes, its folder, its namespaces.</summary>
    public static string Leftovers(string runId)
    {
        var pids = LabVmFixture.LeftoverQemuPids(runId);
        var folder = Directory.Exists(Path.Combine(QemuBackendDefaults.RunRoot, runId));
        var netns = Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns", $"hvcert-{runId}*").Length : 0;
        return pids.Count == 0 && !folder && netns == 0 ? "" : $"QEMU pids [{string.Join(',', pids)}], folder {folder}, namespaces {netns}";
    }

    public void Observe(EvidenceEvent evidence)
    {
        switch (evidence)
        {
            case VmProvisioned v:
                vmNames[v.VmKey] = v.VmName;
                break;
            case ProbeStarted p:
                vmOfAttempt[(p.Cell.FeatureId, p.Attempt)] = p.VmKey;
                break;
        }

        if (trigger(evidence) is not { } feature || !vmOfAttempt.TryGetValue((feature, 1), out var key)
            || !vmNames.TryGetValue(key, out var name) || !vms.TryGetValue(name, out var vm))
        {
            return;
        }

        var note = $"{feature}#1 on {name}: {fault(vm)}";
        lock (Injected)
        {
            Injected.Add(note);
        }

        output.WriteLine($"injected {note}");
    }

    public void Status(string vmKey, string text) => output.WriteLine($"{vmKey}: {text}");

    /// <summary>Freezes QEMU (SIGSTOP) for <paramref name="seconds"/>, then lets it go on (SIGCONT; a no-op once it was killed).</summary>
    public static string Freeze(QemuVm vm, int seconds)
    {
        var pid = vm.Process.Pid;
        Assert.Equal(0, Kill(pid, SigStop));
        _ = Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => Kill(pid, SigCont), TaskScheduler.Default);
        return $"SIGSTOP QEMU {pid} for {seconds} s";
    }

    /// <summary>Fills the guest's root file system over the VM's own SSH connection (fallocate, then dd for the rest).</summary>
    public static string FillDisk(QemuVm vm)
    {
        const string fill = "free=$(stat -f -c '%f*%S' /); fallocate -l $(( $free - 1048576 )) /var/tmp/hvcert-fault-fill 2>/dev/null; "
            + "dd if=/dev/zero of=/var/tmp/hvcert-fault-fill2 bs=64k 2>/dev/null; sync; df -B1 --output=avail / | tail -1";
        var ssh = vm.UntilSshAcceptsAsync(TimeSpan.FromSeconds(60), CancellationToken.None).GetAwaiter().GetResult();
        var result = ssh.ExecAsync(fill, TimeSpan.FromSeconds(180), CancellationToken.None).GetAwaiter().GetResult();
        Assert.False(result.TimedOut, "filling the guest disk timed out");
        return $"root fs filled, {result.Stdout.Trim()} bytes left";
    }

    private const int SigStop = 19;
    private const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>The lab backend as the runner uses it, keeping each VM it boots so a fault can reach its QEMU and guest.</summary>
    private sealed class Watched(QemuBackend inner, LabFaultRun run) : IHostBackend
    {
        public BackendKind Kind => inner.Kind;

        public BackendCapabilities Capabilities => inner.Capabilities;

        public Task<HostFacts> DescribeHostAsync(CancellationToken cancellationToken) => inner.DescribeHostAsync(cancellationToken);

        public async Task<IVm> ProvisionAsync(VmSpec spec, CancellationToken cancellationToken)
        {
            var vm = await inner.ProvisionAsync(spec, cancellationToken);
            run.vms[vm.Name] = (QemuVm)vm;
            return vm;
        }

        public Task<int> ReapAsync(string? runId, CancellationToken cancellationToken) => inner.ReapAsync(runId, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the caller owns the lab backend
    }
}
