using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.IntegrationTests.Qemu;
using HvCert.IntegrationTests.Qemu.Images;
using HvCert.Qemu.Images;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.HyperV.Seed;

/// <summary>
/// `hvcert template check` on the real images: the Hyper-V template passes, the plain lab image fails with what it lacks.
/// In the lab VMs' collection because the first use builds the template (debootstrap): never beside a booting TCG guest.
/// </summary>
[Collection(QemuLabCollection.Name)]
public sealed class TemplateCheckImageTests(ITestOutputHelper output)
{
    [LabImageFact]
    public async Task Check_BuiltHyperVTemplate_Passes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        var image = await LabImageStore.CreateDefault(flavor: ImageFlavor.HyperV).EnsureAsync(LabRelease.Bookworm, null, cts.Token);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await TemplateCommand.RunAsync(image.DiskPath, json: false, stdout, stderr, cts.Token);

        output.WriteLine(stdout.ToString() + stderr);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("(vhdx,", stdout.ToString());
        Assert.Contains("result: all 11 requirements met", stdout.ToString());
        Assert.Equal("hyperv", image.Manifest.Flavor);
        foreach (var package in new[] { "hyperv-daemons", "cloud-init", "openssh-server", "shim-signed", "grub-efi-amd64-signed", "linux-image-amd64" })
        {
            Assert.False(string.IsNullOrWhiteSpace(image.Manifest.PackageVersions.GetValueOrDefault(package)), $"no version recorded for {package}");
        }
    }

    [LabImageFact]
    public async Task Check_PlainLabImage_FailsListingWhatIsMissing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        var image = await LabImageStore.CreateDefault().EnsureAsync(LabRelease.Bookworm, null, cts.Token);
        var stdout = new StringWriter();

        var exit = await TemplateCommand.RunAsync(image.DiskPath, json: false, stdout, new StringWriter(), cts.Token);

        output.WriteLine(stdout.ToString());
        Assert.Equal(ExitCodes.CertificationFailed, exit);
        // The lab image has sshd, no baked keys and the signed boot chain; it lacks cloud-init, the KVP daemon and some hv drivers.
        Assert.Contains("result: 4 of 11 requirements missing: cloud-init, nocloud, kvp-daemon, initramfs", stdout.ToString());
        Assert.Contains("missing: hv_utils, hv_balloon, hyperv_drm", stdout.ToString());
    }
}
