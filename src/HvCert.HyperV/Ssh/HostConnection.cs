using System.Net.Sockets;
using System.Text;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.Transport.Ssh;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace HvCert.HyperV.Ssh;

/// <summary>
/// The SSH connection to one Hyper-V host: key authentication only, host key pinned (SshConnector, as for guests), one exec
/// channel per host server session and one SFTP channel for files. Connection problems become one-line messages naming the
/// host and what to do.
/// </summary>
internal sealed class HostConnection : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private SshClient client;
    private SftpClient? sftp;

    private HostConnection(HyperVHost host, SshClient client)
    {
        Host = host;
        this.client = client;
    }

    public HyperVHost Host { get; }

    private SshEndpoint Endpoint => new(Host.Address, Host.Ssh!.Port, Host.Ssh.User, Host.Ssh.KeyPath, Host.Ssh.HostKeySha256);

    public static async Task<HostConnection> OpenAsync(HyperVHost host, CancellationToken ct) =>
        new(host, await ConnectAsync(host, c => SshConnector.ConnectOnceAsync(c, ct)));

    /// <summary>Starts HostServer.ps1 on a new exec channel (reconnecting first when the connection dropped).</summary>
    public async Task<HostServerSession> StartServerAsync(CancellationToken ct)
    {
        var ssh = await ClientAsync(ct);
        var command = ssh.CreateCommand(HostServerScript.CommandLine(Host.Ssh!.Shell));
        var running = command.ExecuteAsync(CancellationToken.None);
        var input = command.CreateInputStream();
        var stderr = new StringBuilder();
        _ = Task.Run(async () =>
        {
            var reader = new StreamReader(command.ExtendedOutputStream, Encoding.UTF8);
            var buffer = new char[1024];
            int read;
            while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                lock (stderr)
                {
                    stderr.Append(buffer, 0, read);
                    if (stderr.Length > 4096)
                    {
                        stderr.Remove(0, stderr.Length - 4096);
                    }
                }
            }
        }, CancellationToken.None);
        async ValueTask Close()
        {
            await input.DisposeAsync();
            if (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)) != running && ssh.IsConnected)
            {
                try
                {
                    command.CancelAsync(forceKill: true, millisecondsTimeout: 1000);
                }
                catch (Exception e) when (e is SshException or InvalidOperationException or ObjectDisposedException)
                {
                    // The channel is going away anyway.
                }
            }

            running.ContinueWith(t => _ = t.Exception, TaskScheduler.Default).GetAwaiter();
            command.Dispose();
        }

        string Tail()
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }

        try
        {
            return await HostServerSession.StartAsync(Host.Name, input, command.OutputStream, Tail, Close, Host.Ssh.EffectiveStartTimeout, ct);
        }
        catch (HostSessionLostException e)
        {
            throw new CimGatewayException($"{e.Message}: is '{Host.Ssh.Shell}' installed on {Host.Name} and on the PATH of {Host.Ssh.User}? (set ssh.shell: powershell for Windows PowerShell 5.1)", e);
        }
    }

    public async Task<SftpClient> SftpAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (sftp is { IsConnected: true })
            {
                return sftp;
            }

            sftp?.Dispose();
            return sftp = await ConnectAsync(Host, e => SshConnector.ConnectSftpAsync(e, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        sftp?.Dispose();
        client.Dispose();
        gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SshClient> ClientAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (!client.IsConnected)
            {
                client.Dispose();
                client = await ConnectAsync(Host, e => SshConnector.ConnectOnceAsync(e, ct));
            }

            return client;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<T> ConnectAsync<T>(HyperVHost host, Func<SshEndpoint, Task<T>> connect)
    {
        var ssh = host.Ssh!;
        var where = $"{ssh.User}@{host.Address}:{ssh.Port}";
        if (!File.Exists(ssh.KeyPath))
        {
            throw new CimGatewayException($"the SSH key for Hyper-V host {host.Name} ({ssh.KeyPath}, ssh.key) does not exist: create it with ssh-keygen -t ed25519 and put its .pub in the host's administrators_authorized_keys");
        }

        // The administrator key of the host never reaches a report, even if a guest or a host tool printed it.
        RegisterForRedaction(ssh.KeyPath);
        try
        {
            return await connect(new SshEndpoint(host.Address, ssh.Port, ssh.User, ssh.KeyPath, ssh.HostKeySha256));
        }
        catch (HostKeyMismatchException e)
        {
            throw new CimGatewayException($"Hyper-V host {host.Name} ({where}) presented host key {e.Actual}, not the pinned {e.Expected}: refusing to connect; if the host was reinstalled, check 'ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub' on it and update ssh.host_key_sha256", e);
        }
        catch (SshAuthenticationException e)
        {
            throw new CimGatewayException($"Hyper-V host {host.Name} ({where}) refused the key {ssh.KeyPath}: add its public key to C:\\ProgramData\\ssh\\administrators_authorized_keys (an administrator) and check ssh.user ({e.Message})", e);
        }
        catch (Exception e) when (e is SocketException or SshConnectionException or SshOperationTimeoutException or IOException or TimeoutException or SshException)
        {
            throw new CimGatewayException($"cannot reach Hyper-V host {host.Name} over SSH ({where}): {e.Message}; check the address and that OpenSSH Server runs there (Get-Service sshd)", e);
        }
    }

    private static void RegisterForRedaction(string keyPath)
    {
        try
        {
            if (new FileInfo(keyPath).Length <= 64 * 1024)
            {
                HvCert.Evidence.Redaction.Register(File.ReadAllText(keyPath), "Hyper-V host SSH key");
            }
        }
        catch (IOException)
        {
            // Unreadable here: SSH.NET reports it when it loads the key.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
