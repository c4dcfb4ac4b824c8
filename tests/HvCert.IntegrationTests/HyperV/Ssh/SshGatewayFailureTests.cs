using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Ssh;
using HvCert.Tests.HyperV;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>Each way the host can fail gives one line that names the host and what to do, as an infrastructure error.</summary>
public sealed class SshGatewayFailureTests
{
    private static async Task<string> FailureOf(PwshHost host, HvCert.HyperV.Inventory.HyperVHost target)
    {
        var e = await Assert.ThrowsAsync<CimGatewayException>(() => SshCimGateway.OpenAsync(target, default));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("twin-host", e.Message);
        var viaFactory = Assert.Throws<InfrastructureException>(() => HyperVBackendFactory.CreateOverSsh(
            HvCert.HyperV.Inventory.HyperVInventory.Default with { Host = target }, TimeProvider.System, (_, _, _) => throw new InvalidOperationException()));
        Assert.Equal(e.Message, viaFactory.Message);
        return e.Message;
    }

    [PwshOverSshFact]
    public async Task Open_NothingListening_SaysUnreachable()
    {
        await using var host = new PwshHost(FakeHyperVHost.Create());
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var target = host.Host();
        Assert.Contains("cannot reach", await FailureOf(host, target with { Ssh = target.Ssh! with { Port = port } }));
    }

    [PwshOverSshFact]
    public async Task Open_KeyNotAuthorized_SaysRefusedAndWhereTheKeyGoes()
    {
        await using var host = new PwshHost(FakeHyperVHost.Create());
        var message = await FailureOf(host, host.Host(keyPath: host.Sshd.UnauthorizedKeyPath));
        Assert.Contains("refused the key", message);
        Assert.Contains("administrators_authorized_keys", message);
    }

    [PwshOverSshFact]
    public async Task Open_OtherHostKey_RefusesToConnect()
    {
        await using var host = new PwshHost(FakeHyperVHost.Create());
        var message = await FailureOf(host, host.Host(pin: host.Sshd.OtherFingerprint));
        Assert.Contains("refusing to connect", message);
        Assert.Contains(host.Sshd.HostKeyFingerprint, message);
    }

    [PwshOverSshFact]
    public async Task Open_NoHyperVNamespace_SaysInstallTheRole()
    {
        await using var host = new PwshHost(FakeHyperVHost.Create());
        host.Forward.Intercept = q => (string?)q["op"] == "query" && ((string?)q["wql"])!.Contains("Msvm_VirtualSystemManagementService", StringComparison.Ordinal)
            ? new JsonObject { ["error"] = new JsonObject { ["message"] = "Invalid namespace", ["code"] = "InvalidNamespace" } } : null;
        var message = await FailureOf(host, host.Host());
        Assert.Contains("Hyper-V does not answer", message);
        Assert.Contains("Install-WindowsFeature Hyper-V", message);
    }

    [PwshOverSshFact]
    public async Task Open_PowerShellWithoutCimCmdlets_SaysSo()
    {
        // Real pwsh on Linux has no CIM cmdlets of its own: without the CimForward module it is a host hvcert cannot drive.
        await using var host = new PwshHost(FakeHyperVHost.Create(), "ForceCommand env PSModulePath=/nonexistent pwsh -NoLogo -NoProfile -NonInteractive -Command -");
        Assert.Contains("has no CIM cmdlets (Get-CimInstance)", await FailureOf(host, host.Host()));
    }

    [PwshOverSshFact]
    public async Task Open_ShellNotInstalled_SaysInstallItOrNameTheOtherShell()
    {
        await using var host = new PwshHost(FakeHyperVHost.Create(), "ForceCommand exec hvcert-no-such-shell -Command -");
        Assert.Contains("is 'pwsh' installed on twin-host", await FailureOf(host, host.Host()));
    }

    [PwshOverSshFact]
    public async Task Open_MalformedAnswer_SaysMalformed()
    {
        var frame = Convert.ToBase64String("{\"id\":0,\"ok\":"u8.ToArray());
        await using var host = new PwshHost(FakeHyperVHost.Create(), $"ForceCommand printf 'HVCERT1 {frame}\\n'; cat >/dev/null");
        Assert.Contains("malformed answer", await FailureOf(host, host.Host()));
    }

    [PwshOverSshFact]
    public async Task Calls_PowerShellErrorThenHang_OneLineErrorsSessionReopenedOnce()
    {
        var fake = FakeHyperVHost.Create();
        await using var host = new PwshHost(fake);
        await using var gateway = await SshCimGateway.OpenAsync(host.Host(timeout: TimeSpan.FromSeconds(4)), default);
        var vmms = (await gateway.QueryAsync(CimRef.VirtualizationV2, "SELECT * FROM Msvm_VirtualSystemManagementService", default))[0];

        host.Forward.Intercept = q => (string?)q["op"] == "get" ? new JsonObject { ["psfail"] = "the CIM provider fell over" } : null;
        var ps = await Assert.ThrowsAsync<CimGatewayException>(() => gateway.GetInstanceAsync(vmms.Ref, default));
        Assert.Contains("PowerShell error on twin-host (get): the CIM provider fell over", ps.Message);
        Assert.DoesNotContain('\n', ps.Message);

        var hangs = 1;
        host.Forward.Intercept = q =>
        {
            if ((string?)q["op"] == "get" && Interlocked.Decrement(ref hangs) >= 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(8));
            }

            return null;
        };
        var again = await gateway.GetInstanceAsync(vmms.Ref, default); // cut at 4 s, session reopened, read asked again
        Assert.Equal(vmms.String("Name"), again.String("Name"));
        // The first session's start-up check, the test's own query, and the reopened session's start-up check.
        Assert.Equal(3, host.Forward.Requests.Count(r => ((string?)r["wql"])?.Contains("Msvm_VirtualSystemManagementService", StringComparison.Ordinal) == true));

        host.Forward.Intercept = q =>
        {
            if ((string?)q["op"] == "invoke")
            {
                Thread.Sleep(TimeSpan.FromSeconds(8));
            }

            return null;
        };
        var invoke = await Assert.ThrowsAsync<CimGatewayException>(() => gateway.InvokeMethodAsync(vmms.Ref, "AddKvpItems", [], default));
        Assert.Contains("no answer within 4 s", invoke.Message);
        Assert.Contains("not sent again", invoke.Message);
    }
}
