using System.Text;

namespace HvCert.HyperV.Seed;

/// <summary>
/// The cloud-init NoCloud seed (volume label <c>cidata</c>, files <c>meta-data</c> and <c>user-data</c>): creates the SSH
/// user with hvcert's public key and installs the pinned ECDSA host key, generating no other host keys.
/// </summary>
internal static class NoCloudSeed
{
    public static string MetaData(string instanceId, string hostname) =>
        $"instance-id: {instanceId}\nlocal-hostname: {hostname}\n";

    public static string UserData(string user, GuestKeys keys, IReadOnlySet<HvCert.Hosts.VmFault>? faults = null)
    {
        var sb = new StringBuilder();
        sb.Append("#cloud-config\n");
        sb.Append("users:\n");
        sb.Append($"  - name: {user}\n");
        sb.Append("    sudo: ALL=(ALL) NOPASSWD:ALL\n");
        sb.Append("    lock_passwd: true\n");
        sb.Append("    shell: /bin/sh\n");
        sb.Append("    ssh_authorized_keys:\n");
        sb.Append($"      - {keys.ClientPublicLine}\n");
        sb.Append("ssh_pwauth: false\n");
        sb.Append("ssh_deletekeys: true\n");
        sb.Append("ssh_genkeytypes: []\n");
        sb.Append("ssh_keys:\n");
        sb.Append("  ecdsa_private: |\n");
        foreach (var line in keys.HostPrivatePem.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append("    ").Append(line.TrimEnd('\r')).Append('\n');
        }

        sb.Append($"  ecdsa_public: {keys.HostPublicLine}\n");
        var bootcmd = GuestFaultCommands.For(faults ?? new HashSet<HvCert.Hosts.VmFault>());
        if (bootcmd.Count > 0)
        {
            // Negative controls that are a guest configuration (GuestFaultCommands); single-quoted YAML, quotes doubled.
            sb.Append("bootcmd:\n");
            foreach (var command in bootcmd)
            {
                sb.Append("  - [sh, -c, '").Append(command.Replace("'", "''", StringComparison.Ordinal)).Append("']\n");
            }
        }

        return sb.ToString();
    }

    public static byte[] BuildIso(string instanceId, string hostname, string user, GuestKeys keys, IReadOnlySet<HvCert.Hosts.VmFault>? faults = null) =>
        Iso9660Writer.Build("CIDATA",
        [
            ("meta-data", Encoding.UTF8.GetBytes(MetaData(instanceId, hostname))),
            ("user-data", Encoding.UTF8.GetBytes(UserData(user, keys, faults))),
        ]);
}
