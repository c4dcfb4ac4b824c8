using System.Text;
using HvCert.Hosts;
using HvCert.Qemu.Agent;
using HvCert.Qemu.Qmp;
using HvCert.Transport;
using HvCert.Transport.Ssh;
using Microsoft.Extensions.Logging;

namespace HvCert.Qemu.Lab;

/// <summary>
/// A live lab VM: its QEMU process, QMP and guest-agent connections, the one SSH connection, and its facets.
/// Disposing it stops QEMU (powerdown, quit, kill) and deletes its overlay, sockets and keys.
/// </summary>
internal sealed class QemuVm : IVm, IRevertibleVm
{
    private const int SerialLogCap = 256 * 1024;
    private readonly QemuLab lab;
    private readonly ILogger logger;
    private readonly SemaphoreSlim agentGate = new(1, 1);
    private IReadOnlyDictionary<Type, object> facets = new Dictionary<Type, object>();
    private GuestAgentClient? agent;
    private SshGuestTransport? ssh;
    private bool guestFaultsSet;
    private int disposed;

    public QemuVm(QemuLab lab, LaunchOptions options, QemuProcess process, QmpClient qmp, ILogger logger, Network.PeerNetwork? network = null)
    {
        Network = network;
        this.lab = lab;
        this.logger = logger;
        Options = options;
        Process = process;
        Qmp = qmp;
        OfferedDevices = DeviceProfile.Offered(options);
        Settings = DeviceProfile.Settings(options);
    }

    public string Name => Spec.Name;

    public VmSpec Spec => Options.Spec;

    public IReadOnlyList<OfferedDevice> OfferedDevices { get; }

    public IReadOnlyDictionary<string, string> Settings { get; private set; }

    internal LaunchOptions Options { get; private set; }

    internal QemuProcess Process { get; private set; }

    internal QmpClient Qmp { get; private set; }

    internal QemuLab Lab => lab;

    /// <summary>This VM's own network segment and peer (null without root): no other VM sees what its probes change there.</summary>
    internal Network.PeerNetwork? Network { get; }

    internal bool HasAgent => !Options.Has(VmFault.NoGuestAgent) && !Options.Has(VmFault.HeartbeatStopped) && !Options.Has(VmFault.NoKeyValueChannel);

    internal SshEndpoint Endpoint => new("127.0.0.1", Options.SshPort, "root", lab.ClientKeyPath, SshKeys.Fingerprint(Options.Files.HostKey));

    internal void AttachFacets(IReadOnlyDictionary<Type, object> offered) => facets = offered;

    public async Task<IGuestTransport> UntilSshAcceptsAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (ssh is not null)
        {
            return ssh;
        }

        using var qemuGone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connecting = SshGuestTransport.UntilSshAcceptsAsync(Endpoint, deadline, qemuGone.Token, lab.Time, logger);
        var first = await Task.WhenAny(connecting, Process.Exited);
        if (first != connecting)
        {
            await qemuGone.CancelAsync();
            throw new InfrastructureException($"QEMU of {Options.QemuName} exited before SSH answered: {Process.LogText().Trim()}\nSerial log tail:\n{Tail(2000)}");
        }

        try
        {
            ssh = await connecting;
        }
        catch (GuestUnreachableException e)
        {
            throw new GuestUnreachableException($"{e.Message}\nSerial log tail:\n{Tail(2000)}", e);
        }

        if (!guestFaultsSet && GuestFaults.Script(Options, Settings) is { } script)
        {
            var result = await ssh.ExecAsync(script, TimeSpan.FromSeconds(60), cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InfrastructureException($"could not set the guest-side faults of {Options.QemuName} (exit {result.ExitCode}): {result.Stderr.Trim()}");
            }
        }

        guestFaultsSet = true;
        return ssh;
    }

    public T? Facet<T>() where T : class => facets.TryGetValue(typeof(T), out var facet) ? (T)facet : null;

    public string SerialLog() => Tail(SerialLogCap);

    /// <summary>The guest agent connection, opened on first use. Throws <see cref="InvalidOperationException"/> when the VM has no agent.</summary>
    internal async Task<GuestAgentClient> AgentAsync(CancellationToken cancellationToken)
    {
        if (!HasAgent)
        {
            throw new InvalidOperationException($"{Options.QemuName} was provisioned without a guest agent channel");
        }

        await agentGate.WaitAsync(cancellationToken);
        try
        {
            return agent ??= await GuestAgentClient.ConnectAsync(Options.Files.AgentSocket, TimeSpan.FromSeconds(10), cancellationToken, lab.Time);
        }
        finally
        {
            agentGate.Release();
        }
    }

    /// <summary>After a live migration: the destination process becomes this VM.</summary>
    internal async Task SwitchToAsync(LaunchOptions destination, QemuProcess process, QmpClient qmp)
    {
        var oldProcess = Process;
        var oldQmp = Qmp;
        await DropConnectionsAsync();
        (Options, Process, Qmp) = (destination, process, qmp);
        Settings = DeviceProfile.Settings(destination);
        await oldProcess.StopAsync(oldQmp, TimeSpan.Zero);
        await oldQmp.DisposeAsync();
        oldProcess.Dispose();
    }

    public async Task SnapshotAsync(string name, CancellationToken cancellationToken) =>
        await SnapshotCommands.SaveAsync(this, name, cancellationToken);

    public async Task RevertAsync(string name, CancellationToken cancellationToken)
    {
        await DropConnectionsAsync();
        await SnapshotCommands.LoadAsync(this, name, cancellationToken);
    }

    internal async Task DropConnectionsAsync()
    {
        if (ssh is not null)
        {
            await ssh.DisposeAsync();
            ssh = null;
        }

        if (agent is not null)
        {
            await agent.DisposeAsync();
            agent = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await DropConnectionsAsync();
        // No powerdown grace: the VM's disks are throwaway overlays, and under TCG the guest never finished a clean
        // shutdown within the old 5 s grace anyway, so every teardown waited 5 s for nothing before 'quit'.
        await Process.StopAsync(Qmp, TimeSpan.Zero);
        await Qmp.DisposeAsync();
        Process.Dispose();
        foreach (var cleanup in lab.VmCleanups(this))
        {
            await cleanup();
        }

        Network?.Dispose();

        agentGate.Dispose();
        try
        {
            Directory.Delete(Options.Files.Dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already removed by the run's cleanup.
        }
    }

    private string Tail(int maxChars)
    {
        var path = Options.Files.SerialLog;
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = Math.Max(0, stream.Length - maxChars);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
