using System.Diagnostics;
using System.Security.Cryptography;
using HvCert.Qemu.Images;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu.Images;

/// <summary>Ensures the real bookworm lab image exists in the user's cache (building it when needed) and checks it.</summary>
public sealed class BookwormImageTests(ITestOutputHelper output)
{
    private sealed class TestProgress(ITestOutputHelper output) : IProgress<ImageBuildProgress>
    {
        public void Report(ImageBuildProgress p) =>
            output.WriteLine($"[{p.StepNumber}/{p.StepCount}] {p.Step}{(p.StepFinished ? " done" : "")} at {p.Elapsed.TotalSeconds:0}s");
    }

    [LabImageFact]
    public async Task EnsureAsync_Bookworm_ImageAndManifestAreConsistent()
    {
        var store = LabImageStore.CreateDefault();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(40));

        var image = await store.EnsureAsync(LabRelease.Bookworm, new TestProgress(output), cts.Token);

        var m = image.Manifest;
        output.WriteLine($"{image.DiskPath}: kernel {m.KernelVersion}, {m.SizeBytes} bytes, built in {m.BuildSeconds}s");
        Assert.Equal(image.DiskPath, store.TryGet(LabRelease.Bookworm)?.DiskPath);
        Assert.Equal(m.BuildId, store.TryGet(LabRelease.Bookworm)?.Manifest.BuildId);
        Assert.Equal("bookworm", m.Release);
        Assert.Equal(store.RecipeFor(LabRelease.Bookworm).Hash, m.RecipeHash);
        Assert.Matches(@"^6\.1\.\d+-\d+-amd64$", m.KernelVersion);
        foreach (var package in new[] { "qemu-guest-agent", "chrony", "openssh-server", "shim-signed", "grub-efi-amd64-signed" })
        {
            Assert.False(string.IsNullOrWhiteSpace(m.PackageVersions.GetValueOrDefault(package)), $"no version recorded for {package}");
        }

        Assert.Contains("memhp_default_state=online", m.KernelCmdline);
        Assert.Equal(new FileInfo(image.DiskPath).Length, m.SizeBytes);
        await using (var disk = File.OpenRead(image.DiskPath))
        {
            Assert.Equal(m.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(disk, cts.Token)));
        }

        Assert.Contains("\"virtual-size\": 4294967296", Run("qemu-img", "info", "--output=json", image.DiskPath));
        Assert.Contains("\"format\": \"qcow2\"", Run("qemu-img", "info", "--output=json", image.DiskPath));
    }

    [LabImageFact]
    public async Task EnsureAsync_Bookworm_DiskHasBiosGrubAndBothPartitions()
    {
        var image = await LabImageStore.CreateDefault().EnsureAsync(LabRelease.Bookworm, new TestProgress(output), CancellationToken.None);
        var head = Path.Combine(Path.GetTempPath(), $"hvcert-mbr-{Guid.NewGuid():N}.raw");
        try
        {
            Run("qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=2048", $"if={image.DiskPath}", $"of={head}");
            var bytes = await File.ReadAllBytesAsync(head);

            Assert.Equal(0x55, bytes[510]);
            Assert.Equal(0xAA, bytes[511]);
            Assert.Equal(0xEF, bytes[446 + 4]);            // partition 1: EFI system partition
            Assert.Equal(0x83, bytes[446 + 16 + 4]);       // partition 2: Linux root
            Assert.Equal(2048u, BitConverter.ToUInt32(bytes, 446 + 8));
            Assert.Contains("GRUB", System.Text.Encoding.ASCII.GetString(bytes, 0, 440));   // boot.img in the MBR
            Assert.Equal(1ul, BitConverter.ToUInt64(bytes, 0x5c));                          // core.img starts at LBA 1
            Assert.Equal(2ul, BitConverter.ToUInt64(bytes, 1024 - 12));                     // diskboot blocklist -> LBA 2
            Assert.True(BitConverter.ToUInt16(bytes, 1024 - 4) > 0);
        }
        finally
        {
            File.Delete(head);
        }
    }

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        return stdout;
    }
}
