using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Ssh;
using HvCert.Tests.HyperV;
using HvCert.Transport;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// The Hyper-V backend driven through the SSH gateway (real sshd, real pwsh, CimForward) against the fake, and the same
/// provisioning driven in-process: the fake must see the same CIM traffic; the seed ISO goes over SFTP and is removed at teardown.
/// </summary>
public sealed class SshHyperVBackendTests
{
    private static HyperVInventory Inventory(HyperVHost host) => HyperVInventory.Default with
    {
        Host = host,
        Switch = "hvcert-external",
        Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>> { ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen2] = @"D:\templates\debian-12.vhdx" } },
    };

    private static VmSpec Spec => new("run42", "hvc-vm1", "debian-12", Generation.Gen2, SecureBoot: true, Cpus: 2, MemoryMb: 1024, Faults: new HashSet<VmFault>());

    private static Task<IGuestTransport> NoGuest(HvCert.Transport.Ssh.SshEndpoint e, TimeSpan d, CancellationToken c) => Task.FromResult<IGuestTransport>(null!);

    [PwshOverSshFact]
    public async Task ProvisionAndDispose_OverSsh_SameCimTrafficAsInProcess_SeedOverSftpRemoved()
    {
        var direct = FakeHyperVHost.Create();
        long directSeedBytes;
        var share = Directory.CreateTempSubdirectory("hvcert-direct-").FullName;
        await using (var backend = HyperVBackendFactory.CreateWith(Inventory(HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", share) }),
                         _ => direct, NoGuest, TimeProvider.System))
        {
            await using var vm = await backend.ProvisionAsync(Spec, default);
            directSeedBytes = new FileInfo(Path.Combine(share, "hvc-vm1-run42-seed.iso")).Length;
        }

        var remote = FakeHyperVHost.Create();
        await using var host = new PwshHost(remote);
        string seedDuringRun;
        await using (var backend = HyperVBackendFactory.CreateWith(Inventory(host.Host()), h => SshCimGateway.OpenAsync(h, default).GetAwaiter().GetResult(), NoGuest, TimeProvider.System))
        {
            var vm = await backend.ProvisionAsync(Spec, default);
            seedDuringRun = Path.Combine(host.Storage, "hvc-vm1-run42-seed.iso");
            Assert.True(File.Exists(seedDuringRun), "the seed ISO reached storage.host_path over SFTP");
            Assert.Equal(directSeedBytes, new FileInfo(seedDuringRun).Length);
            await vm.DisposeAsync();
        }

        Assert.False(File.Exists(seedDuringRun), "teardown removed the seed ISO over SFTP");
        var hello = remote.Calls[0]; // the host server's start-up check that Hyper-V answers
        Assert.Equal("SELECT * FROM Msvm_VirtualSystemManagementService", hello.Detail);
        remote.Calls.RemoveAt(0);
        var (expected, actual) = (Shape(direct), Shape(remote));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e, a); // one call at a time, so a difference shows whole
        }

        Assert.Equal(expected.Count, actual.Count);
        Directory.Delete(share, true);
    }

    // What the fake saw, minus what differs by design (fresh GUIDs, the storage folder): method, target, each argument's kind and
    // array-ness, and the class and property names of every embedded instance.
    private static List<string> Shape(FakeCimGateway fake) => fake.Calls.Select(c => Guids().Replace($"{c.Method} {c.Target} {c.Detail} ", "GUID") + string.Join(";", c.Arguments.Select(a =>
        $"{a.Name}:{a.Value.Kind}{(a.Value.IsArray ? "[]" : "")}" + (a.Value.Kind == CimKind.String && a.Value.Texts.All(t => t.StartsWith("<INSTANCE", StringComparison.Ordinal))
            ? "{" + string.Join(",", a.Value.Texts.Select(t => CimXml.Read(t)).Select(i => i.ClassName + "(" + string.Join(",", i.Properties.Keys.Order()) + ")")) + "}" : ""))))
        .ToList();

    private static System.Text.RegularExpressions.Regex Guids() => new("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
}
