using System.Net.Sockets;

namespace HvCert.Qemu.Qmp;

/// <summary>Connects to a Unix socket that QEMU is about to create, retrying until a deadline.</summary>
internal static class UnixSocketConnector
{
    public static async Task<JsonLineSocket> UntilConnectedAsync(string path, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return await JsonLineSocket.ConnectAsync(path, cancellationToken);
            }
            catch (SocketException ex)
            {
                if (time.GetElapsedTime(started) >= timeout)
                {
                    throw new TimeoutException($"nothing listened on {path} within {timeout.TotalSeconds:F0} s: {ex.Message}", ex);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
