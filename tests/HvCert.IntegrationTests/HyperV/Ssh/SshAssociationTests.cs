using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Ssh;
using HvCert.Tests.HyperV.Twin;
using HvCert.Transport;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// The association call through the SSH gateway: HostServer.ps1 answers it with Get-CimAssociatedInstance (real pwsh), CimForward
/// hands it to the twin. Provisioning needs it (the twin leaves out references empty), and must make the same association calls
/// as in-process.
/// </summary>
public sealed class SshAssociationTests
{
    private static readonly GuestConnector NoGuest = (_, _, _) => Task.FromException<IGuestTransport>(new GuestUnreachableException("no guest side"));

    [PwshOverSshFact(Timeout = 600_000)]
    public async Task Provision_OverSsh_SameAssociationCallsAsInProcess_ThroughGetCimAssociatedInstance()
    {
        await using var direct = TwinBackend.Create();
        await using (await direct.Backend.ProvisionAsync(TwinBackend.Spec(), default))
        {
        }

        await using var remote = TwinBackend.Create();
        await using var host = new PwshHost(remote.Host);
        remote.Host.AddShare(host.Storage, host.Storage);
        var ssh = host.Host(timeout: TimeSpan.FromMinutes(5));
        var inventory = remote.Inventory with { Host = remote.Inventory.Host with { Address = ssh.Address, Protocol = "ssh", Ssh = ssh.Ssh, Storage = ssh.Storage } };
        await using (var backend = HyperVBackendFactory.CreateWith(inventory, h => SshCimGateway.OpenAsync(h, default).GetAwaiter().GetResult(), NoGuest, remote.Lab.Clock))
        {
            await using (await backend.ProvisionAsync(TwinBackend.Spec(), default))
            {
                Assert.Single(remote.Host.Vms);
            }
        }

        static List<string> Associations(HyperVTwin twin) => twin.Calls.Where(c => c.Operation == "Associators").Select(c => c.Class + " " + c.Method).ToList();
        Assert.NotEmpty(Associations(direct.Host));
        Assert.Equal(Associations(direct.Host), Associations(remote.Host));
        Assert.Equal(Associations(remote.Host).Count, host.Forward.Requests.Count(r => (string?)r["op"] == "assoc"));
        Assert.Empty(remote.Host.Rejections);
        Assert.Empty(remote.Host.Vms);
    }
}
