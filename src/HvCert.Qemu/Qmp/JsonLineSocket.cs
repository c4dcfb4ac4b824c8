using System.Net.Sockets;
using System.Text;

namespace HvCert.Qemu.Qmp;

/// <summary>
/// A Unix socket carrying newline-delimited JSON (QMP and the guest agent both speak it). Reading is done by
/// exactly one loop per socket; a leading 0xFF byte (the agent's sync delimiter) is reported, not parsed.
/// </summary>
internal sealed class JsonLineSocket : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    private JsonLineSocket(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<JsonLineSocket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new JsonLineSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads lines until the peer closes; each line with its delimiter flag.</summary>
    public async IAsyncEnumerable<(bool Delimited, string Json)> ReadLinesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var line = new List<byte>();
        var delimited = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == 0xFF)
                {
                    line.Clear();
                    delimited = true;
                }
                else if (b == (byte)'\n')
                {
                    var text = Encoding.UTF8.GetString(line.ToArray()).Trim();
                    line.Clear();
                    if (text.Length > 0)
                    {
                        yield return (delimited, text);
                    }

                    delimited = false;
                }
                else
                {
                    line.Add(b);
                }
            }
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer (QEMU exited): nothing to shut down.
        }

        stream.Dispose();
        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }
}
