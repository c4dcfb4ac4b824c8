using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Ssh;

namespace HvCert.Tests.HyperV;

public sealed class SshInventoryTests
{
    private const string Pin = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    [Fact]
    public void Parse_ProtocolSsh_ReadsKeyPinShellTimeoutAndNeedsNoShare()
    {
        var inv = InventoryLoader.Parse("/inv/hv.yaml",
            $"host:\n  address: hv1.corp\n  protocol: ssh\n  ssh: {{ user: admin, key: keys/hv1, host_key_sha256: '{Pin}', shell: powershell, timeout_seconds: 30 }}\n"
            + "  storage: { host_path: 'D:\\hvcert' }\nswitch: s\n");

        Assert.Equal("ssh", inv.Host.Protocol);
        Assert.Equal(new HostSsh("admin", "/inv/keys/hv1", Pin, 22, "powershell", TimeSpan.FromSeconds(30)), inv.Host.Ssh);
        Assert.Equal(TimeSpan.FromSeconds(60), inv.Host.Ssh!.EffectiveStartTimeout); // a 30 s call bound does not bound PowerShell's start
        Assert.True(HyperVBackendFactory.UsesSshOnly(inv));
        Assert.False(HyperVBackendFactory.UsesSshOnly(inv with { SecondHost = inv.Host with { Protocol = "wsman", Ssh = null } }));
    }

    [Fact]
    public void Parse_StartTimeout_BoundsPowerShellStartApartFromCalls()
    {
        var inv = InventoryLoader.Parse("/inv/hv.yaml",
            $"host:\n  address: hv1.corp\n  protocol: ssh\n  ssh: {{ user: admin, key: k, host_key_sha256: '{Pin}', timeout_seconds: 200, start_timeout_seconds: 300 }}\n"
            + "  storage: { host_path: 'D:\\hvcert' }\nswitch: s\n");

        Assert.Equal(TimeSpan.FromSeconds(200), inv.Host.Ssh!.CallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), inv.Host.Ssh.EffectiveStartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(200), (inv.Host.Ssh with { StartTimeout = null }).EffectiveStartTimeout);
    }

    [Theory]
    [InlineData("  protocol: ssh\n  ssh: { user: a, key: k, host_key_sha256: '" + Pin + "', start_timeout_seconds: 0 }\n", 4, 98, "positive whole number")]
    [InlineData("  protocol: ssh\n", 3, 3, "needs an 'ssh:' mapping")]
    [InlineData("  protocol: ssh\n  ssh: { user: a, key: k, host_key_sha256: 'md5:ab' }\n", 4, 27, "SHA256 fingerprint")]
    [InlineData("  protocol: ssh\n  ssh: { user: a, key: k, host_key_sha256: '" + Pin + "', shell: 'bash -c x' }\n", 4, 98, "'pwsh'")]
    [InlineData("  protocol: ssh\n  ssh: { user: a, key: k, host_key_sha256: '" + Pin + "' }\n  credentials: { user: u, password_env: P }\n", 5, 3, "key in ssh.key only")]
    [InlineData("  protocol: wsman\n  ssh: { user: a }\n", 4, 3, "only read with 'protocol: ssh'")]
    [InlineData("  protocol: telnet\n", 3, 3, "'ssh'")]
    public void Parse_BadSshInput_NamesLineColumnAndFix(string hostLines, int line, int column, string expected)
    {
        var yaml = "host:\n  address: hv1\n" + hostLines + "  storage: { host_path: 'D:\\x', share: '\\\\hv1\\x' }\nswitch: s\n";

        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("inv.yaml", yaml));

        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"inv.yaml:{line}:{column}: ", e.Message);
    }

    [Theory]
    [InlineData(@"D:\hvcert", "/D:/hvcert")]
    [InlineData(@"C:\ProgramData\hvcert\", "/C:/ProgramData/hvcert")]
    [InlineData("/srv/hvcert", "/srv/hvcert")]
    public void SftpFolder_HostPath_WindowsOpenSshForm(string hostPath, string expected) =>
        Assert.Equal(expected, SftpHostFiles.SftpFolder(hostPath));

    [Fact]
    public void CommandLine_IsFixedPerShell_AndBootstrapCarriesOnlyTheEmbeddedScript()
    {
        Assert.Equal("pwsh -NoLogo -NoProfile -NonInteractive -Command -", HostServerScript.CommandLine("pwsh"));
        Assert.Equal("powershell.exe -NoLogo -NoProfile -NonInteractive -Command -", HostServerScript.CommandLine("powershell"));
        var b64 = HostServerScript.BootstrapLine.Split('\'')[1];
        Assert.Equal(HostServerScript.Text, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64)));
        Assert.DoesNotContain('\n', HostServerScript.BootstrapLine);
    }
}
