using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace HvCert.Transport.Ssh;

/// <summary>
/// The guest transport over SSH.NET: one pinned connection per VM (plus its SFTP channel for files), exec with a
/// timeout reported in the result and an output cap, and a reconnect when the connection was found dropped.
/// The private key is read from its file by SSH.NET and never logged; only the endpoint and fingerprint are.
/// </summary>
public sealed class SshGuestTransport : IGuestTransport
{
    public const int DefaultOutputCapBytes = 1024 * 1024;
    public static readonly TimeSpan DefaultReconnectDeadline = TimeSpan.FromSeconds(30);

    private readonly SshEndpoint endpoint;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly int outputCap;
    private readonly TimeSpan reconnectDeadline;
    private readonly SemaphoreSlim reconnectGate = new(1, 1);
    private SshClient client;
    private SftpClient? sftp;

    private SshGuestTransport(SshEndpoint endpoint, SshClient client, TimeProvider time, ILogger logger, int outputCap, TimeSpan reconnectDeadline)
    {
        this.reconnectDeadline = reconnectDeadline;
        this.endpoint = endpoint;
        this.client = client;
        this.time = time;
        this.logger = logger;
        this.outputCap = outputCap;
    }

    public SshEndpoint Endpoint => endpoint;

    /// <summary>Retries connecting until the guest accepts SSH with the pinned key, or the deadline passes.</summary>
    /// <exception cref="GuestUnreachableException">The deadline passed.</exception>
    /// <exception cref="HostKeyMismatchException">The guest presented another host key (not retried).</exception>
    public static async Task<SshGuestTransport> UntilSshAcceptsAsync(
        SshEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken,
        TimeProvider? time = null, ILogger? logger = null, int outputCapBytes = DefaultOutputCapBytes, TimeSpan? reconnectDeadline = null)
    {
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        var client = await SshConnector.UntilConnectedAsync(endpoint, deadline, time, logger, cancellationToken);
        return new SshGuestTransport(endpoint, client, time, logger, outputCapBytes, reconnectDeadline ?? DefaultReconnectDeadline);
    }

    public async Task<CommandResult> ExecAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssh = await ConnectedClientAsync(cancellationToken);
        var started = time.GetTimestamp();
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            using var cmd = ssh.CreateCommand(command);
            var execution = cmd.ExecuteAsync(timeoutCts.Token);
            var stdout = new CappedOutput(outputCap);
            var stderr = new CappedOutput(outputCap);
            var drains = Task.WhenAll(stdout.DrainAsync(cmd.OutputStream, CancellationToken.None), stderr.DrainAsync(cmd.ExtendedOutputStream, CancellationToken.None));
            var timedOut = false;
            try
            {
                await execution;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
            }

            // The streams end when the channel closes; a guest that keeps it open after a kill must not hang us.
            await Task.WhenAny(drains, Task.Delay(TimeSpan.FromSeconds(5), time, CancellationToken.None));
            cancellationToken.ThrowIfCancellationRequested();
            var exit = timedOut ? -1 : cmd.ExitStatus ?? -1;
            return new CommandResult(command, exit, stdout.Text(), stderr.Text(), time.GetElapsedTime(started),
                stdout.Truncated || stderr.Truncated, timedOut);
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            throw new GuestUnreachableException($"SSH connection to {endpoint} dropped while running a command: {ex.Message}", ex);
        }
    }

    public async Task UploadAsync(Stream content, string guestPath, CancellationToken cancellationToken)
    {
        var files = await SftpAsync(cancellationToken);
        try
        {
            await files.UploadFileAsync(content, guestPath, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            throw new GuestUnreachableException($"SFTP upload to {endpoint}:{guestPath} failed: {ex.Message}", ex);
        }
    }

    public async Task<byte[]> DownloadAsync(string guestPath, CancellationToken cancellationToken)
    {
        var files = await SftpAsync(cancellationToken);
        using var buffer = new MemoryStream();
        try
        {
            await files.DownloadFileAsync(guestPath, buffer, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            throw new GuestUnreachableException($"SFTP download from {endpoint}:{guestPath} failed: {ex.Message}", ex);
        }

        return buffer.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        sftp?.Dispose();
        client.Dispose();
        reconnectGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SshClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (IsConnected(client))
        {
            return client;
        }

        await reconnectGate.WaitAsync(cancellationToken);
        try
        {
            if (!IsConnected(client))
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("SSH connection to {Endpoint} dropped; reconnecting", endpoint);
                }

                client.Dispose();
                sftp?.Dispose();
                sftp = null;
                client = await SshConnector.UntilConnectedAsync(endpoint, reconnectDeadline, time, logger, cancellationToken);
            }

            return client;
        }
        finally
        {
            reconnectGate.Release();
        }
    }

    private async Task<SftpClient> SftpAsync(CancellationToken cancellationToken)
    {
        await ConnectedClientAsync(cancellationToken);
        if (sftp is { IsConnected: true })
        {
            return sftp;
        }

        sftp?.Dispose();
        sftp = null; // a failed connect below must not leave a disposed client behind
        sftp = await SshConnector.ConnectSftpAsync(endpoint, cancellationToken);
        return sftp;
    }

    /// <summary>
    /// A client disposed by a reconnect whose deadline passed stays in the field; it reads as dropped, so every later
    /// call tries again and fails as unreachable. Seen in the fault campaign: after QEMU was killed, each later probe on
    /// the VM "crashed" with ObjectDisposedException, a probe bug that is never retried, instead of an unreachable guest.
    /// </summary>
    private static bool IsConnected(SshClient ssh)
    {
        try
        {
            return ssh.IsConnected;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static bool IsConnectionLoss(Exception ex) =>
        ex is SshConnectionException or SocketException or ObjectDisposedException or IOException
            or SshOperationTimeoutException;
}
