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

    // Nothing here depends on how fast the box is: the hung calls block until the test lets them go (far past the call timeout),
    // the call timeout is long enough for a healthy call on a loaded box (35 ms quiet, ~0.3 s on average at load 30), and
    // reopenings are counted by the PowerShell session each forwarded request came from, over the requests made after a mark.
    [PwshOverSshFact(Timeout = 600_000)]
    public async Task Calls_PowerShellErrorThenHang_OneLineErrorsSessionReopenedOnce()
    {
        var callTimeout = TimeSpan.FromSeconds(20);
        var release = new TaskCompletionSource();
        var fake = FakeHyperVHost.Create();
        await using var host = new PwshHost(fake);
        try
        {
            await using var gateway = await SshCimGateway.OpenAsync(host.Host(timeout: callTimeout), default);
            var vmms = (await gateway.QueryAsync(CimRef.VirtualizationV2, "SELECT * FROM Msvm_VirtualSystemManagementService", default))[0];

            host.Forward.Intercept = q => (string?)q["op"] == "get" ? new JsonObject { ["psfail"] = "the CIM provider fell over" } : null;
            var ps = await Assert.ThrowsAsync<CimGatewayException>(() => gateway.GetInstanceAsync(vmms.Ref, default));
            Assert.Contains("PowerShell error on twin-host (get): the CIM provider fell over", ps.Message);
            Assert.DoesNotContain('\n', ps.Message);

            // A read that hangs: cut at the call timeout, the session reopened once, the read asked again on the new session.
            var hangs = 1;
            host.Forward.Intercept = q =>
            {
                if ((string?)q["op"] == "get" && Interlocked.Decrement(ref hangs) >= 0)
                {
                    release.Task.Wait(TimeSpan.FromMinutes(10));
                }

                return null;
            };
            var mark = Mark(host);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var again = await gateway.GetInstanceAsync(vmms.Ref, default);
            Assert.True(clock.Elapsed >= callTimeout - TimeSpan.FromSeconds(1), $"the hung read was cut after {clock.Elapsed}, before its {callTimeout} timeout");
            Assert.Equal(vmms.String("Name"), again.String("Name"));
            var (hung, reopened) = OneReopening(host, mark);
            Assert.Equal(["get"], hung.Select(r => (string?)r["op"]));
            Assert.Equal("get", (string?)reopened[^1]["op"]); // asked again, last, on the new session

            // A method call that hangs: cut at the call timeout, the session reopened once, the call not sent again.
            host.Forward.Intercept = q =>
            {
                if ((string?)q["op"] == "invoke")
                {
                    release.Task.Wait(TimeSpan.FromMinutes(10));
                }

                return null;
            };
            mark = Mark(host);
            var invoke = await Assert.ThrowsAsync<CimGatewayException>(() => gateway.InvokeMethodAsync(vmms.Ref, "AddKvpItems", [], default));
            Assert.Contains($"invoke on twin-host gave no answer within {callTimeout.TotalSeconds:F0} s", invoke.Message);
            Assert.Contains("not sent again", invoke.Message);
            Assert.DoesNotContain('\n', invoke.Message);
            (hung, reopened) = OneReopening(host, mark);
            Assert.Equal(["invoke"], hung.Select(r => (string?)r["op"]));
            Assert.DoesNotContain(reopened, r => (string?)r["op"] == "invoke");
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private static int Mark(PwshHost host)
    {
        lock (host.Forward.Requests)
        {
            return host.Forward.Requests.Count;
        }
    }

    // The requests since the mark came from exactly two PowerShell sessions: the one that was in use (the hung call) and one new
    // session that began with the host server's start-up check (the VSMS query); returns each session's requests.
    private static (List<JsonObject> Hung, List<JsonObject> Reopened) OneReopening(PwshHost host, int mark)
    {
        List<JsonObject> since;
        List<string?> before;
        lock (host.Forward.Requests)
        {
            since = host.Forward.Requests.Skip(mark).ToList();
            before = host.Forward.Requests.Take(mark).Select(r => (string?)r["session"]).ToList();
        }

        Assert.All(since, r => Assert.False(string.IsNullOrEmpty((string?)r["session"]), "CimForward names the session of every request"));
        var sessions = since.Select(r => (string?)r["session"]).Distinct().ToList();
        Assert.True(sessions.Count == 2, $"{sessions.Count} session(s) since the mark; expected the hung one and exactly one reopened");
        Assert.Contains(sessions[0], before);
        Assert.DoesNotContain(sessions[1], before);
        var reopened = since.Where(r => (string?)r["session"] == sessions[1]).ToList();
        Assert.Contains("Msvm_VirtualSystemManagementService", (string?)reopened[0]["wql"] ?? "", StringComparison.Ordinal);
        return (since.Where(r => (string?)r["session"] == sessions[0]).ToList(), reopened);
    }
}
