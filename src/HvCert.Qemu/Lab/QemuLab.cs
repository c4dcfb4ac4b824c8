using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

using HvCert.Qemu.Network;

namespace HvCert.Qemu.Lab;

/// <summary>
/// The host-side state of one run on the lab: its folder <c>/tmp/hvcert/&lt;runid&gt;/</c>, the per-run SSH client key,
/// the tracked resources (including each VM's network namespace).
/// </summary>
internal sealed class QemuLab : IDisposable
{
    private readonly List<Func<QemuVm, Func<Task>?>> vmCleanupFactories = [];

    public QemuLab(string runId, string runRoot, TimeProvider time, HostDetection host)
    {
        RunId = runId;
        Time = time;
        Host = host;
        RunDir = Path.Combine(runRoot, runId);
        Resources = new RunResources(runId, RunDir);
    }

    public string RunId { get; }

    public string RunDir { get; }

    public TimeProvider Time { get; }

    public HostDetection Host { get; }

    public RunResources Resources { get; }

    /// <summary>Whether each VM gets its own network segment with a peer (root, /dev/net/tun, iproute2).</summary>
    public bool PeerNetworks => Host.CanBuildNamespaces;

    private int segments;

    /// <summary>A new network segment (namespace, bridge, peer) for one VM; the VM removes it when it is disposed.</summary>
    public Task<PeerNetwork> NewPeerNetworkAsync(CancellationToken cancellationToken) =>
        PeerNetwork.CreateAsync(RunId, Interlocked.Increment(ref segments), Resources, cancellationToken);

    public Accel.Accelerator Accelerator { get; init; } = Accel.Accelerator.Tcg;

    public string ClientKeyPath => Path.Combine(RunDir, "id_ed25519");

    public async Task EnsureClientKeyAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(ClientKeyPath))
        {
            await SshKeys.GenerateAsync(ClientKeyPath, $"hvcert-{RunId}", cancellationToken);
        }
    }

    public VmFiles NewVmFiles(string vmName)
    {
        if (Resources.IsReleased)
        {
            // A signal released the run while this VM was being made: recreating the run folder would leave it behind.
            throw new OperationCanceledException($"run {RunId} is being released; VM {vmName} is not created");
        }

        var dir = Path.Combine(RunDir, vmName);
        Directory.CreateDirectory(dir);
        return new VmFiles(dir);
    }

    public void OnVmDisposed(Func<QemuVm, Func<Task>?> factory) => vmCleanupFactories.Add(factory);

    public IEnumerable<Func<Task>> VmCleanups(QemuVm vm) => vmCleanupFactories.Select(f => f(vm)).OfType<Func<Task>>();

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A stable, locally administered MAC (52:54:00 is QEMU's prefix) derived from the run and VM names.</summary>
    public string MacFor(string vmName, int nic) => "52:54:00:" + string.Join(':', Hash($"{RunId}/{vmName}/{nic}").Take(3).Select(b => b.ToString("x2")));

    /// <summary>A NAA-5 WWN (as used by Seagate-like vendors: 0x5000c500...) unique to this run and VM.</summary>
    public string WwnFor(string vmName) => "0x5000c500" + Convert.ToHexStringLower(Hash($"{RunId}/{vmName}/wwn").AsSpan(0, 4));

    public void Dispose()
    {
        Resources.Dispose();
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
