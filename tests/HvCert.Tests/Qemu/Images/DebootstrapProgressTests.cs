using HvCert.Qemu.Images;

namespace HvCert.Tests.Qemu.Images;

public sealed class DebootstrapProgressTests
{
    /// <summary>A real debootstrap run (bookworm minbase, the lab image's recipe); its first line names the capture.</summary>
    private static readonly string[] Capture = File.ReadLines(Path.Combine(RepoPaths.Samples, "debootstrap", "bookworm-minbase.txt")).Skip(1).ToArray();

    private static List<(string Text, bool NewPhase)> Shown() =>
        Capture.Select(new DebootstrapProgress().Accept).OfType<(string Text, bool NewPhase)>().ToList();

    [Fact]
    public void Accept_RealRun_CountsEveryPackageLineAgainstThe161Retrieved()
    {
        var shown = Shown();

        // Counted with grep/awk over the capture: 161 "I: Retrieving NAME VERSION", 88 "I: Extracting NAME...", 149
        // "I: Unpacking NAME..." (88 required + 61 base), 152 "I: Configuring NAME..." (89 + 63); the core packages
        // dpkg installs first have no line of their own, so the counts end short of 161.
        Assert.Equal("retrieving package 161: zlib1g", shown.Last(s => s.Text.StartsWith("retrieving package", StringComparison.Ordinal)).Text);
        Assert.Equal("extracting package 88/161: zlib1g", shown.Last(s => s.Text.StartsWith("extracting package", StringComparison.Ordinal)).Text);
        Assert.Equal("unpacking package 149/161: udev", shown.Last(s => s.Text.StartsWith("unpacking package", StringComparison.Ordinal)).Text);
        Assert.Equal("configuring package 152/161: initramfs-tools", shown.Last(s => s.Text.StartsWith("configuring package", StringComparison.Ordinal)).Text);
        Assert.Contains(("configuring package 147/161: linux-image-6.1.0-50-amd64", false), shown);
    }

    [Fact]
    public void Accept_RealRun_EachStageAndPhaseIsAMilestoneButNoPackageWithinOne()
    {
        var milestones = Shown().Where(s => s.NewPhase).Select(s => s.Text).ToList();

        Assert.Equal(
        [
            "retrieving InRelease", "checking Release signature", "valid Release signature (key id 4D64FEC119C2029067D6E791F8D2585B8783D481)",
            "retrieving Packages", "resolving dependencies of required packages", "resolving dependencies of base packages",
            "checking component main on http://deb.debian.org/debian", "retrieving package 1: adduser",
            "chosen extractor for .deb packages: dpkg-deb", "extracting package 1/161: adduser",
            "installing core packages", "unpacking required packages", "unpacking package 1/161: adduser",
            "configuring required packages", "configuring package 1/161: debian-archive-keyring",
            "unpacking the base system", "unpacking package 89/161: chrony",
            "configuring the base system", "configuring package 90/161: libexpat1",
            "base system installed successfully",
        ], milestones);
    }

    [Theory]
    [InlineData("I: Validating adduser 3.134")]
    [InlineData("W: Failure trying to run: chroot /x dpkg --configure -a")]
    [InlineData("Setting up libc6:amd64 (2.36-9) ...")]
    [InlineData("##STEP configure")]
    public void Accept_NotDebootstrapProgress_ShowsNothing(string line) => Assert.Null(new DebootstrapProgress().Accept(line));
}
