using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Qemu.Agent;
using HvCert.Qemu.Qmp;

namespace HvCert.Tests.Qemu;

public sealed class GuestAgentClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ExecuteAsync_StaleReplyBeforeDelimitedSync_ReturnsOnlyThisCommandsReply()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            var (hadFf, sync) = await peer.ReadRequestAsync();
            Assert.True(hadFf, "the client must send 0xFF before guest-sync-delimited");
            Assert.Equal("guest-sync-delimited", sync.GetProperty("execute").GetString());
            var id = sync.GetProperty("arguments").GetProperty("id").GetInt64();
            // A reply left over from an abandoned command, then the agent's 0xFF-delimited sync reply.
            await peer.SendAsync("{\"return\": {\"stale\": true}}\n");
            await peer.SendRawAsync([0xFF, .. System.Text.Encoding.UTF8.GetBytes($"{{\"return\": {id}}}\n")]);
            var (_, command) = await peer.ReadRequestAsync();
            Assert.Equal("guest-get-time", command.GetProperty("execute").GetString());
            await peer.SendLineAsync("""{"return": 1732550000123456789}""");
        });
        await using var agent = await GuestAgentClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        var now = await agent.ExecuteAsync("guest-get-time", null, Timeout);

        Assert.Equal(1732550000123456789, now.GetInt64());
    }

    [Fact]
    public async Task ExecuteAsync_AgentError_ThrowsWithDescription()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await AnswerSyncAsync(peer);
            var (_, command) = await peer.ReadRequestAsync();
            Assert.Equal("/nonexistent", command.GetProperty("arguments").GetProperty("path").GetString());
            await peer.SendLineAsync("""{"error": {"class": "GenericError", "desc": "failed to open file '/nonexistent' (mode: 'r'): No such file or directory"}}""");
        });
        await using var agent = await GuestAgentClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QmpErrorException>(() =>
            agent.ExecuteAsync("guest-file-open", new JsonObject { ["path"] = "/nonexistent" }, Timeout));

        Assert.Contains("No such file", ex.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_AgentSilent_ReturnsFalse()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await peer.ReadRequestAsync();
            await Task.Delay(2000);
        });
        await using var agent = await GuestAgentClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        Assert.False(await agent.PingAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }

    [Fact]
    public async Task PingAsync_AgentAnswers_ReturnsTrue()
    {
        await using var server = new FakeUnixServer(async peer =>
        {
            await AnswerSyncAsync(peer);
            await peer.ReadRequestAsync();
            await peer.SendLineAsync("""{"return": {}}""");
        });
        await using var agent = await GuestAgentClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        Assert.True(await agent.PingAsync(Timeout, CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_SocketClosesDuringCommand_IsInfrastructureNotAnAnswer()
    {
        // kill -9 of QEMU during guest-set-time: QEMU's chardev closes the socket after the request was sent.
        await using var server = new FakeUnixServer(async peer =>
        {
            await AnswerSyncAsync(peer);
            await peer.ReadRequestAsync();
            peer.Close();
        });
        await using var agent = await GuestAgentClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => agent.ExecuteAsync("guest-set-time", null, Timeout));

        Assert.Contains("guest-set-time", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QEMU process exited", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_SocketAlreadyClosed_IsInfrastructureNotASilentAgent()
    {
        // A dead QEMU is not "no heartbeat": the ping must not return false.
        await using var server = new FakeUnixServer(peer =>
        {
            peer.Close();
            return Task.CompletedTask;
        });
        await using var agent = await GuestAgentClient.ConnectAsync(server.Path, Timeout, CancellationToken.None);
        await server.Completion;

        await Assert.ThrowsAsync<InfrastructureException>(() => agent.PingAsync(Timeout, CancellationToken.None));
    }

    private static async Task AnswerSyncAsync(FakePeer peer)
    {
        var (_, sync) = await peer.ReadRequestAsync();
        var id = sync.GetProperty("arguments").GetProperty("id").GetInt64();
        await peer.SendRawAsync([0xFF, .. System.Text.Encoding.UTF8.GetBytes($"{{\"return\": {id}}}\n")]);
    }
}
