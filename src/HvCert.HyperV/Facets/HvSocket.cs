using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HvCert.HyperV.Facets;

/// <summary>
/// AF_HYPERV from the Hyper-V host to a guest service (SOCKADDR_HV: family 34, reserved, VmId, ServiceId; protocol 1 = raw).
/// Windows only, and only on the host that runs the VM.
/// </summary>
internal static class HvSocket
{
    private const AddressFamily HyperV = (AddressFamily)34;

    public static async Task<string> EchoAsync(Guid vmId, Guid serviceId, string payload, CancellationToken cancellationToken)
    {
        using var socket = new Socket(HyperV, SocketType.Stream, (ProtocolType)1);
        await socket.ConnectAsync(new HvEndPoint(vmId, serviceId), cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes(payload), SocketFlags.None, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
        var buffer = new byte[64 * 1024];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cancellationToken)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private sealed class HvEndPoint(Guid vmId, Guid serviceId) : EndPoint
    {
        public override AddressFamily AddressFamily => HyperV;

        public override SocketAddress Serialize()
        {
            var address = new SocketAddress(HyperV, 36);
            vmId.TryWriteBytes(address.Buffer.Span[4..20]);
            serviceId.TryWriteBytes(address.Buffer.Span[20..36]);
            return address;
        }

        public override EndPoint Create(SocketAddress socketAddress) => this;
    }
}
