using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.Probes;
using HvCert.Tests.HyperV.Twin;
using HvCert.Transport;
using HvCert.Transport.Ssh;

namespace HvCert.Tests.HyperV;

/// <summary>
/// A guest that boots and reports its address but never accepts the seed's key (cloud-init did not apply the NoCloud seed:
/// wrong label, no meta-data, cloud-init off): the backend says so as an infrastructure Error naming the seed ISO, never a verdict.
/// The same path against a real guest with a broken seed: tests/HvCert.IntegrationTests/HyperV/Seed/SeedPathTests.cs.
/// </summary>
public sealed class SeedNotAppliedTests : IDisposable
{
    private readonly string share = Directory.CreateTempSubdirectory("hvcert-seed-test").FullName;

    public void Dispose() => Directory.Delete(share, recursive: true);

    private IHostBackend Backend(GuestConnector connector) => HyperVBackendFactory.CreateWith(HyperVInventory.Default with
    {
        Host = HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", share) },
        Switch = "hvcert-external",
        Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>> { ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen1] = @"D:\templates\debian-12.vhdx" } },
    }, _ => FakeHyperVHost.CreateGen1(), connector, TimeProvider.System);

    private static VmSpec Spec => new("run42", "hvc-vm1", "debian-12", Generation.Gen1, SecureBoot: false, Cpus: 2, MemoryMb: 1024, Faults: new HashSet<VmFault>());

    [Fact]
    public async Task UntilSshAccepts_KeyNeverAccepted_InfrastructureErrorNamesTheSeed()
    {
        await using var backend = Backend((endpoint, _, _) => throw new GuestUnreachableException(
            $"SSH on {endpoint} did not accept within 300 s (150 attempts); last error: Permission denied (publickey)."));
        var vm = await backend.ProvisionAsync(Spec, default);

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => vm.UntilSshAcceptsAsync(TimeSpan.FromMinutes(1), default));

        Assert.Contains(@"NoCloud seed D:\hvcert\hvc-vm1-run42-seed.iso", e.Message);
        Assert.Contains("label cidata", e.Message);
        Assert.Contains("192.0.2.15", e.Message);
        Assert.Contains("Permission denied (publickey)", e.Message);
        Assert.Contains("hvcert template check", e.Message);
    }

    [Fact]
    public async Task UntilSshAccepts_OtherHostKey_InfrastructureErrorNamesTheSeed()
    {
        // cloud-init fell back to generating host keys of its own: the pinned key never appears.
        await using var backend = Backend((endpoint, _, _) => throw new HostKeyMismatchException(endpoint.ToString(), endpoint.HostKeySha256, "SHA256:other"));
        var vm = await backend.ProvisionAsync(Spec, default);

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => vm.UntilSshAcceptsAsync(TimeSpan.FromMinutes(1), default));

        Assert.Contains("hvc-vm1-run42-seed.iso", e.Message);
        Assert.IsType<HostKeyMismatchException>(e.InnerException);
    }

    [Fact]
    public async Task Run_GuestNeverAcceptsTheSeedKey_CellsAreErrorsNamingTheSeedNeverVerdicts()
    {
        using var run = new TwinRun("2025")
        {
            Connector = (endpoint, _, _) => throw new GuestUnreachableException($"SSH on {endpoint} did not accept; last error: Permission denied (publickey)."),
        };

        var results = await run.RunAsync("full", ["core.heartbeat", "net.jumbo-frames"]);

        var debian = results.Cells.Where(c => c.Key.Target == "debian-12").ToList();
        Assert.NotEmpty(debian);
        Assert.All(debian, c => Assert.Equal(VerdictKind.Error, c.Verdict));
        Assert.All(debian, c => Assert.Contains("-seed.iso", c.Reason));
        Assert.All(debian, c => Assert.Contains("NoCloud seed", c.Reason));
    }
}
