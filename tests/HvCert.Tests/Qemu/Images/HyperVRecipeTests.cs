using HvCert.Qemu.Images;

namespace HvCert.Tests.Qemu.Images;

public sealed class HyperVRecipeTests
{
    [Fact]
    public void For_HyperV_OwnCacheKeyAndVhdx_LabRecipeUnchanged()
    {
        var lab = ImageRecipe.For(LabRelease.Bookworm);
        var hyperv = ImageRecipe.For(LabRelease.Bookworm, ImageFlavor.HyperV);

        Assert.Equal(lab.Hash, ImageRecipe.For(LabRelease.Bookworm, ImageFlavor.Lab).Hash);
        Assert.DoesNotContain("flavor=", lab.CanonicalText());
        Assert.Contains("flavor=hyperv", hyperv.CanonicalText());
        Assert.NotEqual(lab.Hash, hyperv.Hash);
        Assert.StartsWith("debian-bookworm-hyperv-", hyperv.CacheEntryName);
        Assert.Equal("disk.vhdx", hyperv.DiskFileName);
        Assert.Equal("disk.qcow2", lab.DiskFileName);
        Assert.Contains("apt-get -q -y install --no-install-recommends hyperv-daemons cloud-init sudo", hyperv.ScriptText);
        Assert.DoesNotContain("cloud-init", lab.ScriptText);
    }

    [Fact]
    public void HyperVScript_StageAfterConfigureAndVhdxTail_EveryLabStageKept()
    {
        var lab = ImageRecipe.For(LabRelease.Bookworm).ScriptText;
        var script = ImageRecipe.For(LabRelease.Bookworm, ImageFlavor.HyperV).ScriptText;

        var order = new[] { "step debootstrap", "step signed-boot-chain", "step configure", "step hyperv", "step filesystems", "step disk", "step bios-grub", "step vhdx" }
            .Select(s => script.IndexOf("\n" + s + "\n", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.DoesNotContain("\nstep qcow2\n", script);
        Assert.Contains("qemu-img convert -f raw -O vhdx -o subformat=dynamic", script);
        Assert.Contains("datasource_list: [ NoCloud, None ]", script);
        Assert.Contains(lab[..lab.IndexOf("\nstep filesystems\n", StringComparison.Ordinal)], script);
        Assert.Equal(
            ["debootstrap", "signed-boot-chain", "configure", "hyperv", "filesystems", "disk", "bios-grub", "vhdx"],
            ImageRecipe.For(LabRelease.Bookworm, ImageFlavor.HyperV).Steps);
        foreach (var module in HvCert.HyperV.Templates.TemplateReport.HyperVModules)
        {
            Assert.Contains(module, script);
        }
    }

    [Fact]
    public void HyperVScript_LabScriptWithoutMarkers_Refused() =>
        Assert.Throws<InvalidOperationException>(() => ImageRecipe.HyperVScript("echo no steps\n", "step hyperv\n", "step vhdx\n"));

    [Theory]
    [InlineData("hyperv", true, "hyperv")]
    [InlineData("Hyper-V", true, "hyperv")]
    [InlineData("lab", true, "lab")]
    [InlineData("xen", false, "lab")]
    public void Flavor_TryParse(string text, bool ok, string expected)
    {
        Assert.Equal(ok, ImageFlavors.TryParse(text, out var flavor));
        Assert.Equal(expected, flavor.Name());
    }
}
