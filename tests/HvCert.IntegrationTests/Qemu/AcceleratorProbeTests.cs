using HvCert.Qemu.Accel;
using HvCert.Qemu.Images;
using HvCert.Qemu.Lab;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>The accelerator decision against this machine's real QEMU and /dev/kvm (or its absence).</summary>
[Collection(QemuLabCollection.Name)]
public sealed class AcceleratorProbeTests
{
    private static string? CachedImage() =>
        LabImageStore.CreateDefault().List().Where(i => i.Current).Select(i => i.Image.DiskPath).FirstOrDefault();

    [QemuLabFact]
    public async Task KvmTestBoot_OnThisHost_AnswersWithinTenSecondsAndOnlyYesWithKvm()
    {
        var started = DateTime.UtcNow;
        var result = await KvmTestBoot.RunAsync(CachedImage(), TimeProvider.System, CancellationToken.None);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;

        Assert.InRange(seconds, 0, 12); // 10 s budget, plus QEMU's start and kill
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        if (!File.Exists("/dev/kvm"))
        {
            Assert.False(result.ReachedGuest, result.Detail);
        }
    }

    [QemuLabFact]
    public async Task Auto_OnThisHost_DecidesWithinTenSeconds_AndTcgWithoutKvmDevice()
    {
        var host = await HostDetection.DetectAsync(CancellationToken.None);
        var started = DateTime.UtcNow;
        var choice = await ThisHost.ChooseAcceleratorAsync(AcceleratorRequest.Auto, host, CachedImage(), CancellationToken.None);

        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0, 12);
        Assert.False(string.IsNullOrWhiteSpace(choice.Reason));
        if (!File.Exists("/dev/kvm"))
        {
            Assert.Equal(Accelerator.Tcg, choice.Kind);
            Assert.Equal("no /dev/kvm on this host", choice.Reason);
        }
    }

    /// <summary>
    /// The same test boot under TCG must see both markers in real SeaBIOS and Debian kernel output: otherwise a
    /// working KVM would be taken for a broken one. TCG is slower, so it gets a longer limit.
    /// </summary>
    [QemuLabFact]
    public async Task TestBootMarkers_AppearInRealFirmwareAndKernelOutput_UnderTcg()
    {
        var image = (await LabImageStore.CreateDefault().EnsureAsync(LabRelease.Bookworm, null, CancellationToken.None)).DiskPath;

        var result = await KvmTestBoot.RunAsync(image, TimeProvider.System, CancellationToken.None, "tcg",
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120));

        Assert.True(result.ReachedGuest, result.Detail);
        Assert.Contains("kernel banner", result.Detail, StringComparison.Ordinal);
    }
}
