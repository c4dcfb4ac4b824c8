using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace HvCert.Transport.Ssh;

/// <summary>Opens SSH.NET connections that trust exactly the pinned host key.</summary>
internal static class SshConnector
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public static async Task<SshClient> UntilConnectedAsync(
        SshEndpoint endpoint, TimeSpan deadline, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                var client = await ConnectAsync<SshClient>(endpoint, ci => new SshClient(ci), cancellationToken);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("SSH to {Endpoint} accepted after {Attempts} attempt(s), {Seconds:F1} s",
                    endpoint, attempts, time.GetElapsedTime(started).TotalSeconds);
                }

                return client;
            }
            catch (Exception ex) when (IsRetryable(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (time.GetElapsedTime(started) + RetryPause >= deadline)
                {
                    throw new GuestUnreachableException(
                        $"SSH on {endpoint} did not accept within {deadline.TotalSeconds:F0} s ({attempts} attempts); last error: {ex.Message}", ex);
                }
            }

            await Task.Delay(RetryPause, time, cancellationToken);
        }
    }

    /// <summary>One attempt, no retry (a Hyper-V host is up or it is not): a refused key or another host key fails at once.</summary>
    public static Task<SshClient> ConnectOnceAsync(SshEndpoint endpoint, CancellationToken cancellationToken) =>
        ConnectAsync<SshClient>(endpoint, ci => new SshClient(ci), cancellationToken);

    public static Task<SftpClient> ConnectSftpAsync(SshEndpoint endpoint, CancellationToken cancellationToken) =>
        ConnectAsync<SftpClient>(endpoint, ci => new SftpClient(ci), cancellationToken);

    private static async Task<T> ConnectAsync<T>(SshEndpoint endpoint, Func<ConnectionInfo, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        using var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, key))
        {
            Timeout = AttemptTimeout,
        };
        var client = create(info);
        var expected = HostKeyFingerprint.Normalize(endpoint.HostKeySha256);
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = HostKeyFingerprint.Normalize(e.FingerPrintSHA256);
            e.CanTrust = string.Equals(presented, expected, StringComparison.Ordinal);
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (presented is not null && presented != expected)
            {
                throw new HostKeyMismatchException(endpoint.ToString(), expected, presented);
            }

            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new SshOperationTimeoutException($"connecting to {endpoint} timed out", ex);
            }

            throw;
        }
    }

    // Authentication is retried too: during boot sshd may start before the guest installed the authorized key.
    private static bool IsRetryable(Exception ex) =>
        ex is SocketException or SshConnectionException or SshOperationTimeoutException or SshAuthenticationException
            or IOException or TimeoutException or OperationCanceledException;
}
