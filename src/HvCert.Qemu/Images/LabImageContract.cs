namespace HvCert.Qemu.Images;

/// <summary>
/// What a VM booted from a lab image expects from the host (see Images/README.md). The host must pass
/// <c>-fw_cfg name=opt/hvcert/authorized_key,file=PUBKEY</c> and <c>-fw_cfg name=opt/hvcert/host_key,file=HOSTKEY</c>;
/// the guest installs both before sshd starts, so the host can pin the host key it generated.
/// </summary>
internal static class LabImageContract
{
    /// <summary>fw_cfg item holding one or more OpenSSH public key lines for root's authorized_keys.</summary>
    public const string AuthorizedKeyFwCfgName = "opt/hvcert/authorized_key";

    /// <summary>fw_cfg item holding an OpenSSH private host key (any type ssh-keygen reads, e.g. ed25519, no passphrase).
    /// sshd then offers this key only. Without it the guest generates fresh host keys at every boot.</summary>
    public const string HostKeyFwCfgName = "opt/hvcert/host_key";

    /// <summary>The account the injected key logs into.</summary>
    public const string GuestUser = "root";

    /// <summary>Serial console carrying kernel and boot messages (115200n8).</summary>
    public const string SerialConsole = "ttyS0";

    /// <summary>The first NIC (kernel name, net.ifnames=0) gets DHCP from systemd-networkd; all others stay unconfigured.</summary>
    public const string FirstNicName = "eth0";

    /// <summary>Guest hostname baked into the image.</summary>
    public const string GuestHostName = "hvcert-guest";

    /// <summary>The QEMU command-line arguments that hand the keys to the guest.</summary>
    public static IReadOnlyList<string> FwCfgArguments(string authorizedKeyFile, string hostKeyFile) =>
    [
        "-fw_cfg", $"name={AuthorizedKeyFwCfgName},file={authorizedKeyFile}",
        "-fw_cfg", $"name={HostKeyFwCfgName},file={hostKeyFile}",
    ];
}
