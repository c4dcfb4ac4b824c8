using HvCert.Qemu.Images;

namespace HvCert.Tests.Qemu.Images;

public sealed class DebootstrapProgressTests
{
    private static readonly string[] Lines =
    [
        "I: Retrieving InRelease ",
        "I: Checking Release signature",
        "I: Retrieving Packages ",
        "I: Validating Packages ",
        "I: Resolving dependencies of required packages...",
        "I: Checking component main on http://deb.debian.org/debian...",
        "I: Retrieving adduser 3.134",
        "I: Validating adduser 3.134",
        "I: Retrieving apt 2.6.1",
        "I: Validating apt 2.6.1",
        "I: Retrieving libc6 2.36-9+deb12u10",
        "I: Validating libc6 2.36-9+deb12u10",
        "I: Chosen extractor for .deb packages: dpkg-deb",
        "I: Extracting adduser...",
        "I: Extracting apt...",
        "I: Extracting libc6...",
        "I: Installing core packages...",
        "I: Unpacking required packages...",
        "I: Unpacking libc6:amd64...",
        "I: Configuring required packages...",
        "I: Configuring libc6:amd64...",
        "I: Unpacking the base system...",
        "I: Unpacking adduser...",
        "I: Unpacking apt...",
        "I: Configuring the base system...",
        "I: Configuring adduser...",
        "I: Configuring apt...",
        "I: Base system installed successfully.",
    ];

    [Fact]
    public void Accept_DebootstrapRun_CountsPackagesPerPhaseAgainstTheRetrievedTotal()
    {
        var progress = new DebootstrapProgress();

        var shown = Lines.Select(progress.Accept).OfType<(string Text, bool NewPhase)>().ToList();

        Assert.Equal(
        [
            "retrieving 1 packages", "retrieving 2 packages", "retrieving 3 packages",
            "extracting 1/3 packages", "extracting 2/3 packages", "extracting 3/3 packages",
            "unpacking 1/3 packages", "configuring 1/3 packages",
            "unpacking 2/3 packages", "unpacking 3/3 packages", "configuring 2/3 packages", "configuring 3/3 packages",
        ], shown.Select(s => s.Text));
        Assert.Equal(
            ["retrieving 1 packages", "extracting 1/3 packages", "unpacking 1/3 packages", "configuring 1/3 packages", "unpacking 2/3 packages", "configuring 2/3 packages"],
            shown.Where(s => s.NewPhase).Select(s => s.Text));
    }

    [Theory]
    [InlineData("I: Retrieving Release.gpg")]
    [InlineData("I: Unpacking the base system...")]
    [InlineData("I: Configuring required packages...")]
    [InlineData("W: Failure trying to run: chroot /x dpkg --configure -a")]
    [InlineData("Setting up libc6:amd64 (2.36-9) ...")]
    public void Accept_StageOrOtherLine_IsNotAPackage(string line) => Assert.Null(new DebootstrapProgress().Accept(line));
}
