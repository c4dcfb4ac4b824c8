using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Mmi;

namespace HvCert.Tests.HyperV.Mmi;

public sealed class WindowsCredentialsTests
{
    [Fact]
    public void Resolve_WindowsCredentialOffWindows_SaysCredentialManagerIsWindowsOnlyAndNamesTheAlternatives()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // On Windows the same call reads Credential Manager; this machine kind is Linux.
        }

        var ex = Assert.Throws<CimGatewayException>(() => WindowsCredentials.Resolve(new HostCredentials(null, null, "hvcert-hv1")));
        Assert.Contains("hvcert-hv1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("only on Windows", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not supported by this version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PasswordEnv_SplitsDomainAndUser()
    {
        Environment.SetEnvironmentVariable("HVCERT_TEST_PW_1", "s3cret");
        var resolved = WindowsCredentials.Resolve(new HostCredentials(@"CONTOSO\hvadmin", "HVCERT_TEST_PW_1", null));
        Assert.NotNull(resolved);
        Assert.Equal("CONTOSO", resolved.Value.Domain);
        Assert.Equal("hvadmin", resolved.Value.User);
        Assert.Equal(6, resolved.Value.Password.Length);
    }
}
