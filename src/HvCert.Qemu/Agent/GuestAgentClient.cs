using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using HvCert.Qemu.Qmp;

namespace HvCert.Qemu.Agent;

/// <summary>
/// qemu-guest-agent over its virtio-serial chardev socket. Before each command it runs the
/// <c>guest-sync-delimited</c> handshake (a 0xFF byte, then the sync; the reply starts with 0xFF), so a reply
/// left over from an earlier, abandoned command can never be taken for this one. Commands are serialised: the
/// agent answers one at a time. One reader loop feeds the lines to the caller holding the gate.
/// </summary>
public sealed class GuestAgentClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly JsonLineSocket socket;
    private readonly TimeProvider time;
    private readonly Channel<(bool Delimited, string Json)> lines = Channel.CreateUnbounded<(bool, string)>();
    private readonly SemaphoreSlim commandGate = new(1, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly Task reader;
    private long nextSyncId = Environment.TickCount64 & 0x3FFFFFFF;

    private GuestAgentClient(JsonLineSocket socket, TimeProvider time)
    {
        this.socket = socket;
        this.time = time;
        reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<GuestAgentClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var socket = await UnixSocketConnector.UntilConnectedAsync(socketPath, timeout, time, cancellationToken);
        return new GuestAgentClient(socket, time);
    }

    /// <summary>Runs one agent command and returns its <c>return</c> value.</summary>
    /// <exception cref="TimeoutException">The agent did not answer the handshake or the command in time (not running in the guest).</exception>
    public Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(command, arguments, timeout, expectReply: true, cancellationToken);

    /// <summary>For commands that never answer on success (<c>guest-shutdown</c>): handshake, then send.</summary>
    public Task SendWithoutReplyAsync(string command, JsonObject? arguments, TimeSpan? timeout, CancellationToken cancellationToken) =>
        RunAsync(command, arguments, timeout, expectReply: false, cancellationToken);

    private async Task<JsonElement> RunAsync(string command, JsonObject? arguments, TimeSpan? timeout, bool expectReply, CancellationToken cancellationToken)
    {
        var limit = timeout ?? DefaultTimeout;
        await commandGate.WaitAsync(cancellationToken);
        try
        {
            await SyncAsync(limit, cancellationToken);
            var request = new JsonObject { ["execute"] = command };
            if (arguments is not null)
            {
                request["arguments"] = arguments.DeepClone();
            }

            await socket.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), cancellationToken);
            if (!expectReply)
            {
                return default;
            }

            var reply = await NextLineAsync(limit, command, cancellationToken);
            using var doc = JsonDocument.Parse(reply.Json);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                throw new QmpErrorException(command, error.GetProperty("class").GetString() ?? "?", error.GetProperty("desc").GetString() ?? "?");
            }

            return doc.RootElement.TryGetProperty("return", out var value) ? value.Clone() : default;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            throw Gone(command, ex);
        }
        finally
        {
            commandGate.Release();
        }
    }

    /// <summary>True when the agent answered <c>guest-ping</c> within the timeout.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync("guest-ping", null, timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await socket.DisposeAsync();
        try
        {
            await reader;
        }
        catch (Exception)
        {
            // The loop ends with the socket.
        }

        stop.Dispose();
        commandGate.Dispose();
    }

    private async Task SyncAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (lines.Reader.TryRead(out _))
        {
            // Drop replies to abandoned commands.
        }

        var id = Interlocked.Increment(ref nextSyncId);
        var sync = new JsonObject { ["execute"] = "guest-sync-delimited", ["arguments"] = new JsonObject { ["id"] = id } };
        await socket.WriteAsync(new[] { (byte)0xFF }.Concat(Encoding.UTF8.GetBytes(sync.ToJsonString() + "\n")).ToArray(), cancellationToken);
        var started = time.GetTimestamp();
        while (true)
        {
            var left = timeout - time.GetElapsedTime(started);
            var line = await NextLineAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, "guest-sync-delimited", cancellationToken);
            if (line.Delimited && ReturnedId(line.Json) == id)
            {
                return;
            }
        }
    }

    private async Task<(bool Delimited, string Json)> NextLineAsync(TimeSpan timeout, string command, CancellationToken cancellationToken)
    {
        try
        {
            return await lines.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the guest agent did not answer {command} within {timeout.TotalSeconds:F0} s (is qemu-guest-agent running in the guest?)");
        }
        catch (ChannelClosedException ex)
        {
            throw new IOException($"the guest agent socket closed during {command}", ex);
        }
    }

    /// <summary>
    /// The agent's chardev is a QEMU socket server: only QEMU exiting closes our end, so a closed socket or a failed
    /// write is the VM dying under the command (seen in the fault campaign: kill -9 of QEMU during guest-set-time read as
    /// "time sync not supported"). An infrastructure failure, never the guest's answer.
    /// </summary>
    private static HvCert.Hosts.InfrastructureException Gone(string command, Exception inner) =>
        new($"QEMU closed the guest agent socket during {command} (the QEMU process exited): {inner.Message}", inner);

    private static long? ReturnedId(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("return", out var r) && r.TryGetInt64(out var id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (var line in socket.ReadLinesAsync(stop.Token))
            {
                await lines.Writer.WriteAsync(line, stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed: callers see ChannelClosedException below.
        }
        finally
        {
            lines.Writer.TryComplete();
        }
    }
}
