using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HvCert.Transport.Ssh;

namespace HvCert.IntegrationTests.Transport;

/// <summary>
/// A real OpenSSH server on a loopback address (127.0.0.1 unless told) with a temporary config, host key and authorized key;
/// removed on dispose.
/// </summary>
public sealed class LocalSshd : IDisposable
{
    public const string SshdPath = "/usr/sbin/sshd";

    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-sshd-").FullName;
    private readonly Process? process;

    /// <summary>The one public constructor xUnit needs to build this as a class fixture.</summary>
    public LocalSshd()
        : this([])
    {
    }

    internal LocalSshd(params string[] extraConfig)
        : this("127.0.0.1", extraConfig)
    {
    }

    /// <param name="address">A loopback address (127.x.y.z): two servers on different addresses stand for two hosts.</param>
    internal LocalSshd(string address, string[] extraConfig)
    {
        Address = address;
        if (!File.Exists(SshdPath) || Environment.UserName != "root")
        {
            return;
        }

        KeyGen(Path.Combine(dir, "host_key"));
        KeyGen(ClientKeyPath);
        File.Copy(ClientKeyPath + ".pub", Path.Combine(dir, "authorized_keys"));
        KeyGen(Path.Combine(dir, "other_host_key"));
        Port = FreePort();
        var config = Path.Combine(dir, "sshd_config");
        File.WriteAllText(config, string.Join('\n', (string[])[
            $"ListenAddress {address}", $"HostKey {dir}/host_key", $"AuthorizedKeysFile {dir}/authorized_keys",
            $"PidFile {dir}/sshd.pid", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
            "PermitRootLogin prohibit-password", "StrictModes no", "Subsystem sftp internal-sftp", .. extraConfig, ""]));
        Directory.CreateDirectory("/run/sshd");
        process = Process.Start(new ProcessStartInfo(SshdPath, ["-D", "-e", "-f", config, "-p", Port.ToString()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string Address { get; }

    public int Port { get; }

    public string ClientKeyPath => Path.Combine(dir, "client_key");

    /// <summary>A private key that is not in authorized_keys (the spare host key): the server refuses it.</summary>
    public string UnauthorizedKeyPath => Path.Combine(dir, "other_host_key");

    private string OtherHostKeyPubPath => Path.Combine(dir, "other_host_key.pub");

    public string HostKeyFingerprint => HvCert.Transport.Ssh.HostKeyFingerprint.FromPublicKeyLine(File.ReadAllText(Path.Combine(dir, "host_key.pub")));

    public string OtherFingerprint => HvCert.Transport.Ssh.HostKeyFingerprint.FromPublicKeyLine(File.ReadAllText(OtherHostKeyPubPath));

    public SshEndpoint Endpoint(string? pin = null) => new(Address, Port, "root", ClientKeyPath, pin ?? HostKeyFingerprint);

    /// <summary>Kills the per-connection sshd processes (children of the server this fixture started): the clients see a dropped link.</summary>
    public int DropConnections()
    {
        var master = process?.Id ?? -1;
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]) == master)
                {
                    using var child = Process.GetProcessById(pid);
                    child.Kill(entireProcessTree: true);
                    killed++;
                }
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
            {
                // Gone meanwhile.
            }
        }

        return killed;
    }

    /// <summary>Stops the server and every connection, as a VM whose QEMU was killed: nothing answers on the port any more.</summary>
    public void Stop()
    {
        DropConnections();
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private static void KeyGen(string path)
    {
        File.Delete(path);
        File.Delete(path + ".pub");
        using var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "hvcert-test", "-f", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        keygen.WaitForExit();
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {keygen.StandardError.ReadToEnd()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
