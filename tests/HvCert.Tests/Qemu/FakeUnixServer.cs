using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace HvCert.Tests.Qemu;

/// <summary>
/// An in-process Unix socket server that plays one side of a real QMP / guest-agent transcript, so the clients
/// are tested against the wire protocol rather than against mocks.
/// </summary>
internal sealed class FakeUnixServer : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-fake-").FullName;
    private readonly Task script;
    private Socket? peer;

    public FakeUnixServer(Func<FakePeer, Task> play)
    {
        Path = System.IO.Path.Combine(dir, "qmp.sock");
        listener.Bind(new UnixDomainSocketEndPoint(Path));
        listener.Listen(1);
        script = Task.Run(async () =>
        {
            peer = await listener.AcceptAsync();
            await play(new FakePeer(new NetworkStream(peer, ownsSocket: false)));
        });
    }

    public string Path { get; }

    /// <summary>Waits for the scripted side to finish (rethrowing its assertion failures).</summary>
    public Task Completion => script;

    public void Hangup() => peer?.Shutdown(SocketShutdown.Both);

    public async ValueTask DisposeAsync()
    {
        peer?.Dispose();
        listener.Dispose();
        await Task.WhenAny(script, Task.Delay(2000));
        Directory.Delete(dir, recursive: true);
    }
}

internal sealed class FakePeer(NetworkStream stream)
{
    public async Task SendAsync(string raw) => await stream.WriteAsync(Encoding.UTF8.GetBytes(raw));

    public async Task SendRawAsync(byte[] raw) => await stream.WriteAsync(raw);

    public Task SendLineAsync(string json) => SendAsync(json + "\r\n");

    /// <summary>Reads one request line; reports whether a 0xFF byte came before it.</summary>
    public async Task<(bool HadFf, JsonElement Json)> ReadRequestAsync()
    {
        var bytes = new List<byte>();
        var hadFf = false;
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == 0xFF)
            {
                hadFf = true;
            }
            else if (one[0] == '\n')
            {
                using var doc = JsonDocument.Parse(bytes.ToArray());
                return (hadFf, doc.RootElement.Clone());
            }
            else
            {
                bytes.Add(one[0]);
            }
        }

        throw new EndOfStreamException("client closed");
    }

    public void Close() => stream.Socket.Shutdown(SocketShutdown.Both);
}
