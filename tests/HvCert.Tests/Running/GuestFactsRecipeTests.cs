using HvCert.Catalog;
using HvCert.Running;

namespace HvCert.Tests.Running;

public sealed class GuestFactsRecipeTests
{
    [Fact]
    public void ParsePackages_DpkgQueryOutput_NameToVersionAndAbsentForMissingVersion()
    {
        var packages = GuestFactsRecipe.ParsePackages("qemu-guest-agent 1:7.2+dfsg-7+deb12u7\nhyperv-daemons \nopenssh-server 1:9.2p1-2+deb12u3\n");

        Assert.Equal("1:7.2+dfsg-7+deb12u7", packages["qemu-guest-agent"]);
        Assert.Equal("absent", packages["hyperv-daemons"]);
        Assert.Equal(3, packages.Count);
    }

    [Fact]
    public void Linux_OsRelease_PrettyName()
    {
        var raw = new Dictionary<string, string>
        {
            ["os_release"] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n",
            ["kernel"] = "6.1.0-27-amd64\n",
        };

        Assert.Equal("Debian GNU/Linux 12 (bookworm)", GuestFactsRecipe.For(OsFamily.Linux).Distro(raw));
        Assert.Equal("6.1.0-27-amd64", GuestFactsRecipe.For(OsFamily.Linux).Kernel(raw));
    }

    [Fact]
    public void Linux_NoOutputs_UnknownRatherThanAGuess()
    {
        Assert.Equal("unknown", GuestFactsRecipe.Linux.Distro(new Dictionary<string, string>()));
        Assert.Equal("unknown", GuestFactsRecipe.Linux.Kernel(new Dictionary<string, string>()));
    }

    [Fact]
    public void FreeBsd_FreebsdVersion_UserlandVersion()
    {
        var raw = new Dictionary<string, string> { ["freebsd_version"] = "14.1-RELEASE-p5\n14.1-RELEASE-p6\n", ["kernel"] = "14.1-RELEASE-p5\n" };

        Assert.Equal("FreeBSD 14.1-RELEASE-p6", GuestFactsRecipe.For(OsFamily.FreeBsd).Distro(raw));
    }
}

public sealed class VmNameTests
{
    [Theory]
    [InlineData("20261125-195329-c34d", "debian-12/gen1/qemu", 1, "hv-c34d-debian-12-gen1-qemu-1")]
    [InlineData("20261125-195329-c34d", "a-very-long-distribution-name-77/gen2-secureboot/2019", 12, "hv-c34d-a-very-long-distribution-name-12")]
    public void VmName_AnyGroupKey_FitsBackendNameRules(string runId, string groupKey, int number, string expected)
    {
        var name = VmProvisioner.VmName(runId, groupKey, number);

        Assert.Equal(expected, name);
        Assert.Matches("^[a-z0-9-]{1,40}$", name);
    }
}
