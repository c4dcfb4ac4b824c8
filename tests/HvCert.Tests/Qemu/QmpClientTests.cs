using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Qemu.Qmp;

namespace HvCert.Tests.Qemu;

public sealed class QmpClientTests
{
    // Verbatim shape of QEMU 7.2's greeting.
    private const string Greeting = """{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18"}, "capabilities": ["oob"]}}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ConnectAsync_Greeting_NegotiatesCapabilitiesAndReadsVersion()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await peer.SendLineAsync(Greeting);
            var (_, request) = await peer.ReadRequestAsync();
            Assert.Equal("qmp_capabilities", request.GetProperty("execute").GetString());
            await peer.SendLineAsync($$"""{"return": {}, "id": "{{request.GetProperty("id").GetString()}}"}""");
        });

        await using var qmp = await QmpClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);
        await server.Completion;

        Assert.Equal("7.2.22", qmp.QemuVersion);
    }

    [Fact]
    public async Task ExecuteAsync_RepliesOutOfOrderWithEventsBetween_MatchesEachReplyById()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await NegotiateAsync(peer);
            var (_, first) = await peer.ReadRequestAsync();
            var (_, second) = await peer.ReadRequestAsync();
            await peer.SendLineAsync("""{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "BALLOON_CHANGE", "data": {"actual": 805306368}}""");
            await peer.SendLineAsync($$"""{"return": {"actual": 1073741824}, "id": "{{second.GetProperty("id").GetString()}}"}""");
            await peer.SendLineAsync($$"""{"return": {"status": "running", "running": true}, "id": "{{first.GetProperty("id").GetString()}}"}""");
        });
        await using var qmp = await QmpClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        var status = qmp.ExecuteAsync("query-status", null, Timeout);
        await Task.Delay(50);
        var balloon = qmp.ExecuteAsync("query-balloon", null, Timeout);

        Assert.Equal("running", (await status).GetProperty("status").GetString());
        Assert.Equal(1073741824, (await balloon).GetProperty("actual").GetInt64());
        var change = await qmp.WaitForEventAsync("BALLOON_CHANGE", Timeout, CancellationToken.None, includePast: true);
        Assert.Equal("805306368", change.DataString("actual"));
    }

    [Fact]
    public async Task ExecuteAsync_QmpError_ThrowsWithClassAndDescription()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await NegotiateAsync(peer);
            var (_, request) = await peer.ReadRequestAsync();
            Assert.Equal("virtio-mem", request.GetProperty("arguments").GetProperty("driver").GetString());
            var id = request.GetProperty("id").GetString();
            await peer.SendLineAsync("{\"id\": \"" + id + "\", \"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'memdev' is missing\"}}");
        });
        await using var qmp = await QmpClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QmpErrorException>(() => qmp.ExecuteAsync("device_add", new JsonObject { ["driver"] = "virtio-mem" }, Timeout));

        Assert.Equal("GenericError", ex.ErrorClass);
        Assert.Contains("memdev", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForEventAsync_ShutdownAfterPowerdown_ReturnsTheEvent()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await NegotiateAsync(peer);
            var (_, request) = await peer.ReadRequestAsync();
            await peer.SendLineAsync($$"""{"return": {}, "id": "{{request.GetProperty("id").GetString()}}"}""");
            await Task.Delay(100);
            await peer.SendLineAsync("""{"timestamp": {"seconds": 1732550000, "microseconds": 5}, "event": "SHUTDOWN", "data": {"guest": true, "reason": "guest-shutdown"}}""");
        });
        await using var qmp = await QmpClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        var shutdown = qmp.WaitForEventAsync("SHUTDOWN", Timeout, CancellationToken.None);
        await qmp.ExecuteAsync("system_powerdown", null, Timeout);

        Assert.Equal("guest-shutdown", (await shutdown).DataString("reason"));
    }

    [Fact]
    public async Task ExecuteAsync_QemuExitsWhileCommandPending_ThrowsInfrastructureWithSerialTail()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await NegotiateAsync(peer);
            await peer.ReadRequestAsync();
            peer.Close();
        });
        await using var qmp = await QmpClient.ConnectAsync(server.Path, Timeout, CancellationToken.None, () => "Kernel panic - not syncing");

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => qmp.ExecuteAsync("query-status", null, Timeout));

        Assert.Contains("Kernel panic", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InfrastructureException>(() => qmp.ExecuteAsync("query-status", null, Timeout));
    }

    [Fact]
    public async Task ExecuteAsync_NoReply_TimesOut()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await NegotiateAsync(peer);
            await peer.ReadRequestAsync();
            await Task.Delay(3000);
        });
        await using var qmp = await QmpClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => qmp.ExecuteAsync("query-status", null, TimeSpan.FromMilliseconds(200)));
    }

    internal static async Task NegotiateAsync(FakePeer peer)
    {
        await peer.SendLineAsync(Greeting);
        var (_, request) = await peer.ReadRequestAsync();
        await peer.SendLineAsync($$"""{"return": {}, "id": "{{request.GetProperty("id").GetString()}}"}""");
    }
}
