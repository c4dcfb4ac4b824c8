using System.Collections.Concurrent;
using HvCert.Hosts;

namespace HvCert.Tests.Running.Fakes;

/// <summary>In-memory backend: counts provisions, tracks live VMs and the most that were alive at once, fails on demand.</summary>
internal sealed class FakeBackend(bool revertible = false) : IHostBackend
{
    private readonly Lock gate = new();
    private int live;

    public ConcurrentQueue<string> Log { get; } = new();

    public List<FakeVm> Vms { get; } = [];

    /// <summary>Provision calls (1-based) that throw an InfrastructureException.</summary>
    public HashSet<int> FailProvisions { get; } = [];

    /// <summary>Awaited inside each provision, so tests can hold VMs booting.</summary>
    public Func<CancellationToken, Task> BootDelay { get; set; } = _ => Task.CompletedTask;

    public int MaxLive { get; private set; }

    public int Live => live;

    public BackendKind Kind => BackendKind.Qemu;

    public BackendCapabilities Capabilities => BackendCapabilities.Everything(BackendKind.Qemu);

    public Task<HostFacts> DescribeHostAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new HostFacts(BackendKind.Qemu, "fake 1.0", "1", "fake cpu", new Dictionary<string, string>()));

    public async Task<IVm> ProvisionAsync(VmSpec spec, CancellationToken cancellationToken)
    {
        int number;
        lock (gate)
        {
            number = Vms.Count + 1;
            if (FailProvisions.Contains(number))
            {
                Vms.Add(null!);
                throw new InfrastructureException($"fake boot {number} failed");
            }

            var vm = revertible ? new FakeRevertibleVm(spec, this) : new FakeVm(spec, this);
            Vms.Add(vm);
            MaxLive = Math.Max(MaxLive, Interlocked.Increment(ref live));
        }

        Log.Enqueue($"provision {spec.Name}");
        await BootDelay(cancellationToken);
        return Vms[number - 1];
    }

    public Task<int> ReapAsync(string? runId, CancellationToken cancellationToken) => Task.FromResult(0);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal void Destroyed(FakeVm vm)
    {
        Interlocked.Decrement(ref live);
        Log.Enqueue($"destroy {vm.Name}");
    }
}
