using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.Hosts;

namespace HvCert.Qemu.Qmp;

/// <summary>
/// Async QMP client: greeting + <c>qmp_capabilities</c>, commands with ids and timeouts, and events, all read by
/// one loop per socket. When QEMU goes away, pending and later calls fail with an <see cref="InfrastructureException"/>
/// that carries <c>failureContext()</c> (the serial log tail).
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly JsonLineSocket socket;
    private readonly Func<string> failureContext;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> pending = new();
    private readonly TaskCompletionSource<JsonElement> greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly QmpEventLog events;
    private readonly CancellationTokenSource stop = new();
    private readonly Task reader;
    private long nextId;
    private volatile bool closed;

    private QmpClient(JsonLineSocket socket, Func<string> failureContext, TimeProvider time)
    {
        this.socket = socket;
        this.failureContext = failureContext;
        this.time = time;
        events = new QmpEventLog(time);
        reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The QEMU version from the greeting, e.g. <c>7.2.22</c>.</summary>
    public string QemuVersion { get; private set; } = "unknown";

    /// <summary>Completes when QEMU closed the socket (it exited or quit).</summary>
    public Task Closed => reader;

    public IReadOnlyList<QmpEvent> Events => events.Snapshot();

    /// <summary>Connects (retrying while QEMU creates the socket), reads the greeting and leaves negotiation mode.</summary>
    public static async Task<QmpClient> ConnectAsync(
        string socketPath, TimeSpan timeout, CancellationToken cancellationToken,
        Func<string>? failureContext = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var socket = await UnixSocketConnector.UntilConnectedAsync(socketPath, timeout, time, cancellationToken);
        var client = new QmpClient(socket, failureContext ?? (() => ""), time);
        try
        {
            var hello = await client.greeting.Task.WaitAsync(timeout, time, cancellationToken);
            client.QemuVersion = ReadVersion(hello);
            await client.ExecuteAsync("qmp_capabilities", null, timeout, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one command; returns its <c>return</c> value. Throws <see cref="QmpErrorException"/> on a QMP error.</summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed(command);
        var id = $"hvcert-{Interlocked.Increment(ref nextId)}";
        var request = new JsonObject { ["execute"] = command, ["id"] = id };
        if (arguments is not null)
        {
            request["arguments"] = arguments.DeepClone();
        }

        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        try
        {
            await socket.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), cancellationToken);
            var response = await reply.Task.WaitAsync(timeout ?? DefaultTimeout, time, cancellationToken);
            if (response.TryGetProperty("error", out var error))
            {
                throw new QmpErrorException(command, error.GetProperty("class").GetString() ?? "?", error.GetProperty("desc").GetString() ?? "?");
            }

            return response.TryGetProperty("return", out var value) ? value.Clone() : default;
        }
        catch (IOException ex)
        {
            throw Gone(command, ex);
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    /// <summary>Waits for the next event named <paramref name="name"/> (or, with <paramref name="includePast"/>, one already seen).</summary>
    public Task<QmpEvent> WaitForEventAsync(string name, TimeSpan timeout, CancellationToken cancellationToken, Func<QmpEvent, bool>? match = null, bool includePast = false) =>
        events.WaitAsync(e => e.Name == name && (match?.Invoke(e) ?? true), includePast, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        closed = true;
        await stop.CancelAsync();
        await socket.DisposeAsync();
        try
        {
            await reader;
        }
        catch (Exception)
        {
            // The loop ends with the socket; its faults were already delivered to callers.
        }

        stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (var (_, json) in socket.ReadLinesAsync(stop.Token))
            {
                Dispatch(json);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Socket closed under us: handled below like an orderly end of stream.
        }
        finally
        {
            closed = true;
            var gone = Gone("(pending)", null);
            greeting.TrySetException(gone);
            foreach (var waiter in pending.Values)
            {
                waiter.TrySetException(gone);
            }

            events.Close(gone);
        }
    }

    private void Dispatch(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement.Clone();
        if (root.TryGetProperty("QMP", out _))
        {
            greeting.TrySetResult(root);
        }
        else if (root.TryGetProperty("event", out var name))
        {
            events.Add(new QmpEvent(name.GetString() ?? "?", root.TryGetProperty("data", out var data) ? data : default, time.GetUtcNow()));
        }
        else if (root.TryGetProperty("id", out var id) && pending.TryGetValue(id.ToString(), out var waiter))
        {
            waiter.TrySetResult(root);
        }
    }

    private void ThrowIfClosed(string command)
    {
        if (closed)
        {
            throw Gone(command, null);
        }
    }

    private InfrastructureException Gone(string command, Exception? inner)
    {
        var tail = failureContext();
        return new InfrastructureException(
            $"QEMU closed its QMP socket (the process exited) during {command}." + (tail.Length > 0 ? $" Serial log tail:\n{tail}" : ""), inner);
    }

    private static string ReadVersion(JsonElement hello)
    {
        var q = hello.GetProperty("QMP").GetProperty("version").GetProperty("qemu");
        return $"{q.GetProperty("major").GetInt32()}.{q.GetProperty("minor").GetInt32()}.{q.GetProperty("micro").GetInt32()}";
    }
}
