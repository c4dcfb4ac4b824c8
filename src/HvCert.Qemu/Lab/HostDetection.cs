namespace HvCert.Qemu.Lab;

/// <summary>What this host has, found by looking (files, privileges, QEMU's version and device list), never assumed.</summary>
internal sealed record HostDetection(
    string? QemuVersion,
    bool QemuImgPresent,
    bool Root,
    bool TunPresent,
    bool IpToolPresent,
    bool VhostVsockPresent,
    bool VfioPresent,
    bool OvmfPresent,
    bool KvmPresent,
    IReadOnlySet<string> QemuDevices,
    bool VlanLinks = false,
    bool NtpServerOnHost = false)
{
    public int QemuMajor => int.TryParse(QemuVersion?.Split('.')[0], out var major) ? major : 0;

    public bool QemuPresent => QemuVersion is not null;

    public bool Has(string device) => QemuDevices.Contains(device);

    public bool CanBuildNamespaces => Root && TunPresent && IpToolPresent;

    public static async Task<HostDetection> DetectAsync(CancellationToken cancellationToken)
    {
        var version = await TryAsync(QemuBackendDefaults.QemuBinary, ["--version"], cancellationToken);
        var devices = await TryAsync(QemuBackendDefaults.QemuBinary, ["-nodefaults", "-machine", "none", "-device", "help"], cancellationToken);
        var ipTool = await TryAsync("ip", ["-V"], cancellationToken) is not null;
        var vlan = Environment.IsPrivilegedProcess && ipTool && await CanMakeVlanLinkAsync(cancellationToken);
        return new HostDetection(
            ParseVersion(version),
            await TryAsync(QemuBackendDefaults.QemuImg, ["--version"], cancellationToken) is not null,
            Environment.IsPrivilegedProcess,
            File.Exists("/dev/net/tun"),
            ipTool,
            File.Exists("/dev/vhost-vsock"),
            Directory.Exists("/dev/vfio"),
            File.Exists(FirmwareFiles.Debian.Code) && File.Exists(FirmwareFiles.Debian.VarsMicrosoftKeys) && File.Exists(FirmwareFiles.Debian.VarsEmpty),
            File.Exists("/dev/kvm"),
            ParseDevices(devices ?? ""),
            vlan,
            await NtpAnswersAsync(cancellationToken));
    }

    /// <summary>
    /// Whether an NTP server answers on the host's loopback: the guest's chrony polls the user-net gateway 10.0.2.2,
    /// which QEMU maps to 127.0.0.1 on the host. One client-mode packet, one second to answer.
    /// </summary>
    private static async Task<bool> NtpAnswersAsync(CancellationToken cancellationToken)
    {
        using var udp = new System.Net.Sockets.UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        var request = new byte[48];
        request[0] = 0x1b; // LI 0, version 3, mode 3 (client)
        try
        {
            await udp.SendAsync(request, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 123), cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            var reply = await udp.ReceiveAsync(wait.Token);
            return reply.Buffer.Length >= 48 && (reply.Buffer[0] & 0x7) == 4;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Tries an 802.1Q link in a throwaway namespace: some host kernels are built without 8021q.</summary>
    private static async Task<bool> CanMakeVlanLinkAsync(CancellationToken cancellationToken)
    {
        var ns = $"hvcert-probe-{Environment.ProcessId}";
        try
        {
            if (!(await HostCommand.RunAsync("ip", ["netns", "add", ns], cancellationToken)).Ok)
            {
                return false;
            }

            return (await HostCommand.RunAsync("ip", ["-n", ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1"], cancellationToken)).Ok
                && (await HostCommand.RunAsync("ip", ["-n", ns, "link", "add", "link", "v0", "name", "v0.5", "type", "vlan", "id", "5"], cancellationToken)).Ok;
        }
        finally
        {
            await HostCommand.RunAsync("ip", ["netns", "del", ns], CancellationToken.None);
        }
    }

    internal static string? ParseVersion(string? text)
    {
        const string marker = "version ";
        var at = text?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : text![(at + marker.Length)..].Split(' ', '\n', '(')[0].Trim();
    }

    /// <summary>Device names from <c>-device help</c> lines such as <c>name "virtio-mem-pci", bus PCI</c>.</summary>
    internal static IReadOnlySet<string> ParseDevices(string help) =>
        help.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("name \"", StringComparison.Ordinal))
            .Select(l => l[6..l.IndexOf('"', 6)])
            .ToHashSet(StringComparer.Ordinal);

    private static async Task<string?> TryAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        try
        {
            var result = await HostCommand.RunAsync(file, args, cancellationToken, TimeSpan.FromSeconds(30));
            return result.Ok ? result.Stdout + result.Stderr : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
