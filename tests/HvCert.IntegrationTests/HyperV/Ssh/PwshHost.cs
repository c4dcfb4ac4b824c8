using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.IntegrationTests.Transport;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// A stand-in Hyper-V host made of real parts: a real sshd on loopback whose sessions run real pwsh, with the CimForward module
/// on PSModulePath so the CIM cmdlets the host script calls reach <see cref="Gateway"/> (fake or twin) through loopback HTTP.
/// </summary>
internal sealed class PwshHost : IAsyncDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-pwshhost-").FullName;

    public PwshHost(ICimGateway gateway, params string[] extraSshdConfig)
        : this(gateway, null, "127.0.0.1", extraSshdConfig)
    {
    }

    /// <param name="storage">storage.host_path: an existing folder the caller owns (a twin run's share), or null for a fresh one.</param>
    /// <param name="address">The loopback address sshd listens on (host.address in the inventory).</param>
    private PwshHost(ICimGateway gateway, string? storage, string address, string[] extraSshdConfig)
    {
        Gateway = gateway;
        Forward = new CimForwardServer(gateway, SchemaMethods.Of);
        var modules = Path.Combine(dir, "modules");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "HyperV", "Ssh", "CimForward"), Path.Combine(modules, "CimForward"));
        Storage = storage ?? Directory.CreateDirectory(Path.Combine(dir, "storage")).FullName;
        var pwsh = FindPwsh() ?? throw new InvalidOperationException("pwsh not found");
        var env = new[]
        {
            $"PATH={Path.GetDirectoryName(pwsh)}:/usr/local/bin:/usr/bin:/bin",
            $"PSModulePath={modules}",
            $"HVCERT_CIM_FORWARD={Forward.Url}",
            $"DOTNET_ROOT={Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? Path.GetDirectoryName(Environment.ProcessPath) ?? "/usr/share/dotnet"}",
            "DOTNET_CLI_TELEMETRY_OPTOUT=1",
            $"COMPUTERNAME={gateway.ServerName}",
            "POWERSHELL_TELEMETRY_OPTOUT=1",
            "POWERSHELL_UPDATECHECK=Off",
        };
        Sshd = new LocalSshd(address, [$"SetEnv {string.Join(' ', env)}", .. extraSshdConfig]);
        UntilListening(System.Net.IPAddress.Parse(address), Sshd.Port);
    }

    /// <summary>A host whose storage.host_path is <paramref name="storage"/> (shared by two hosts for migration), its sshd on
    /// <paramref name="address"/> (two hosts that migrate between them need two addresses: DestinationHost is an address).</summary>
    public static PwshHost WithStorage(ICimGateway gateway, string storage, string address = "127.0.0.1") => new(gateway, storage, address, []);

    public ICimGateway Gateway { get; }

    public CimForwardServer Forward { get; }

    public LocalSshd Sshd { get; }

    /// <summary>storage.host_path of this host: a folder the test can look into (SFTP writes there).</summary>
    public string Storage { get; }

    /// <summary>The inventory entry for this host. pwsh's start is bounded at 5 min whatever the call timeout (pwsh took over 60 s
    /// to start on the shared box at load 25, and a test that cuts a hung call needs a short call timeout); the call timeout
    /// defaults to 5 min too.</summary>
    public HyperVHost Host(string? pin = null, TimeSpan? timeout = null, string? keyPath = null) =>
        new("twin-host", Sshd.Address, "ssh", HostCredentials.CurrentUser, new HostStorage(Storage, Storage), null,
            new HostSsh("root", keyPath ?? Sshd.ClientKeyPath, pin ?? Sshd.HostKeyFingerprint, Sshd.Port, "pwsh", timeout ?? TimeSpan.FromMinutes(5),
                TimeSpan.FromMinutes(5)));

    public static string? FindPwsh()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return candidates.Select(d => Path.Combine(d, "pwsh")).FirstOrDefault(File.Exists);
    }

    public async ValueTask DisposeAsync()
    {
        Sshd.Dispose();
        await Forward.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    // Up to 60 s (sshd on a loaded box can take seconds to listen); a server that never listens fails here, by name, rather than
    // as an "unreachable host" in the test.
    private static void UntilListening(System.Net.IPAddress address, int port)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                probe.Connect(address, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"the test's sshd did not listen on {address}:{port} within 60 s");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
