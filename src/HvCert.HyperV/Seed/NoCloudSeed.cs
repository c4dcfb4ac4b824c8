using System.Text;

namespace HvCert.HyperV.Seed;

/// <summary>
/// The cloud-init NoCloud seed (volume label <c>cidata</c>, files <c>meta-data</c> and <c>user-data</c>): creates the SSH
/// user with hvcert's public key and installs the pinned ECDSA host key. Given <c>ssh_keys</c>, cloud-init generates no
/// other host key (cc_ssh only reads <c>ssh_genkeytypes</c> without them, and 22.4's schema rejects an empty list there).
/// The user-data is valid for cloud-init 22.4.2's own schema (checked in the bookworm template, SeedPathTests).
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
        // The hostname from meta-data must resolve, or every 'sudo' of the probes warns "unable to resolve host" after a DNS
        // timeout: a Hyper-V VM's name is in no DNS, and Debian has no nss-myhostname. 'localhost' adds a 127.0.1.1 line
        // for it and leaves the rest of the template's /etc/hosts alone ('true' would rewrite the file at every boot).
        sb.Append("manage_etc_hosts: localhost\n");
        // Leave the template's locale alone: cloud-init's default (en_US.UTF-8 through update-locale) fails on a template
        // without that locale (the bookworm one: exit 255, cloud-config.service failed) and is no business of a test run.
        sb.Append("locale: \"false\"\n"); // a string: 22.4's schema types locale as one, cc_locale reads "false" as off
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
