using HvCert.Qemu.Images;

namespace HvCert.Tests.Qemu.Images;

public sealed class ImageRecipeTests
{
    private static ImageRecipe Sample(string script = "echo hi", IReadOnlyList<string>? packages = null) =>
        new(LabRelease.Bookworm, packages ?? ["openssh-server", "chrony"], script, 4096, 64, "1");

    [Fact]
    public void Hash_SameRecipe_IsStable()
    {
        Assert.Equal(Sample().Hash, Sample().Hash);
        Assert.Equal(16, Sample().Hash.Length);
    }

    [Fact]
    public void Hash_ScriptTextChanged_Changes() => Assert.NotEqual(Sample("echo hi").Hash, Sample("echo bye").Hash);

    [Fact]
    public void Hash_PackageAdded_Changes() =>
        Assert.NotEqual(Sample().Hash, Sample(packages: ["openssh-server", "chrony", "ethtool"]).Hash);

    [Fact]
    public void Hash_PackageOrder_DoesNotMatter() =>
        Assert.Equal(Sample(packages: ["a", "b"]).Hash, Sample(packages: ["b", "a"]).Hash);

    [Fact]
    public void Hash_ReleaseOrBuilderVersionOrSizeChanged_Changes()
    {
        var baseHash = Sample().Hash;
        Assert.NotEqual(baseHash, (Sample() with { Release = LabRelease.Trixie }).Hash);
        Assert.NotEqual(baseHash, (Sample() with { BuilderVersion = "2" }).Hash);
        Assert.NotEqual(baseHash, (Sample() with { DiskMiB = 8192 }).Hash);
    }

    [Fact]
    public void Hash_LineEndingsOnly_DoNotMatter() => Assert.Equal(Sample("a\nb\n").Hash, Sample("a\r\nb\r\n").Hash);

    [Fact]
    public void For_Release_UsesEmbeddedScriptAndGuestPackages()
    {
        var recipe = ImageRecipe.For(LabRelease.Bookworm);
        Assert.Contains("debootstrap", recipe.ScriptText);
        Assert.Contains(LabImageContract.AuthorizedKeyFwCfgName, recipe.ScriptText);
        Assert.Contains(LabImageContract.HostKeyFwCfgName.Replace("opt/hvcert/", ""), recipe.ScriptText);
        Assert.Contains("qemu-guest-agent", recipe.Packages);
        Assert.StartsWith("debian-bookworm-", recipe.CacheEntryName);
        Assert.NotEqual(recipe.Hash, ImageRecipe.For(LabRelease.Trixie).Hash);
    }

    [Fact]
    public void EmbeddedScript_ConfiguresWhatTheLabNeeds()
    {
        var script = ImageRecipe.For(LabRelease.Bookworm).ScriptText;
        Assert.Contains("memhp_default_state=online", script);
        Assert.Contains("console=ttyS0", script);
        Assert.Contains("kernel.unknown_nmi_panic = 0", script);
        Assert.Contains("makestep 1 -1", script);
        Assert.Contains("shimx64.efi.signed", script);
        Assert.DoesNotContain("mask systemd-logind", script);
        Assert.DoesNotContain("losetup", script);
    }

    [Theory]
    [InlineData("bookworm", "bookworm")]
    [InlineData("debian-12", "bookworm")]
    [InlineData("DEBIAN-BULLSEYE", "bullseye")]
    [InlineData(" trixie ", "trixie")]
    public void TryParse_KnownNames_FindRelease(string text, string codename)
    {
        Assert.True(LabRelease.TryParse(text, out var release));
        Assert.Equal(codename, release.Codename);
    }

    [Theory]
    [InlineData("buster")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnknownName_Fails(string? text) => Assert.False(LabRelease.TryParse(text, out _));
}
