using System.Diagnostics;
using System.Text;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Seed;
using HvCert.IntegrationTests.Qemu;
using HvCert.Qemu.Images;
using HvCert.Transport;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.HyperV.Seed;

/// <summary>
/// Issue #15: the Hyper-V template (built once, cached) booted in QEMU with the seed ISO the Hyper-V backend writes, read by the
/// template's real cloud-init 22.4; hvcert's SSH transport logs in with the seed's key and the pinned host key. Gen1 (SeaBIOS,
/// GRUB) and Gen2 with Secure Boot (OVMF + Microsoft keys, shim). The negatives break the seed and must end in the backend's
/// infrastructure Error naming the seed, after the guest has fully booted (so "never accepted" is not "too slow").
/// </summary>
[Collection(QemuLabCollection.Name)]
public sealed class SeedPathTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(8);

    private static async Task<string> TemplateAsync(ITestOutputHelper output, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var image = await LabImageStore.CreateDefault(flavor: ImageFlavor.HyperV).EnsureAsync(LabRelease.Bookworm, null, ct);
        output.WriteLine($"template {image.DiskPath}: {image.Manifest.SizeBytes / (1024 * 1024)} MiB, built in {image.Manifest.BuildSeconds:0} s "
            + $"(ready after {started.Elapsed.TotalSeconds:0} s here)");
        return image.DiskPath;
    }

    [QemuLabFact]
    public Task Gen1_BackendSeed_CloudInitInstallsKeyAndPinnedHostKey() => BootAndLoginAsync(Generation.Gen1, secureBoot: false);

    [QemuLabFact]
    public Task Gen2SecureBoot_BackendSeed_CloudInitInstallsKeyAndPinnedHostKey() => BootAndLoginAsync(Generation.Gen2, secureBoot: true);

    private async Task BootAndLoginAsync(Generation generation, bool secureBoot)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(50));
        var template = await TemplateAsync(output, cts.Token);
        await using var vm = new SeededTemplateVm(generation, secureBoot);
        await vm.ProvisionAsync(cts.Token);
        Assert.Equal("cidata", Label(vm.SeedIso));

        var clock = Stopwatch.StartNew();
        await vm.BootAsync(template, cts.Token);
        IGuestTransport ssh;
        try
        {
            ssh = await vm.Vm.UntilSshAcceptsAsync(BootDeadline, cts.Token);
        }
        catch (InfrastructureException e)
        {
            Assert.Fail($"{e.Message}\nserial log tail:\n{vm.SerialTail()}");
            throw;
        }

        output.WriteLine($"{generation}{(secureBoot ? " + Secure Boot" : "")}: boot to SSH through cloud-init {clock.Elapsed.TotalSeconds:0.0} s");
        async Task<string> Guest(string command) => (await ssh.ExecAsync(command, TimeSpan.FromSeconds(60), cts.Token)).Stdout.Trim();

        Assert.Equal("hvcert", await Guest("id -un"));
        Assert.Equal("hvcert", vm.Asked!.User);
        var authorized = await Guest("cat ~/.ssh/authorized_keys");
        Assert.Single(authorized.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith($"hvcert-{vm.Spec.RunId}", authorized);
        // Only the seed's host key exists (ssh_genkeytypes: []), and it is the one the backend pinned (the login proved it).
        Assert.Equal("/etc/ssh/ssh_host_ecdsa_key\n/etc/ssh/ssh_host_ecdsa_key.pub", await Guest("ls /etc/ssh/ssh_host_*"));
        Assert.Contains(vm.Asked.HostKeySha256, await Guest("ssh-keygen -l -f /etc/ssh/ssh_host_ecdsa_key.pub"));
        var result = await Guest("cat /run/cloud-init/result.json");
        output.WriteLine(result);
        Assert.Contains("DataSourceNoCloud", result);
        Assert.Contains("\"errors\": []", result);
        Assert.Equal($"hvcert-{vm.Spec.Name}-{vm.Spec.RunId}", await Guest("cat /var/lib/cloud/data/instance-id"));
        Assert.Equal(vm.Spec.Name, await Guest("hostname"));
        Assert.Equal("root", await Guest("sudo -n id -un"));
        // hv_kvp_daemon cannot start without VMBus: its unit is installed and enabled, and skipped by its condition here.
        Assert.Equal("enabled", await Guest("systemctl is-enabled hv-kvp-daemon.service"));
        Assert.Equal("enabled", await Guest("systemctl is-enabled hv-vss-daemon.service"));
        Assert.Contains("ConditionResult=no", await Guest("systemctl show -p ConditionResult hv-kvp-daemon.service"));
        var modules = await Guest("lsinitramfs /boot/initrd.img-$(uname -r) | grep -E '/(hv_vmbus|hv_storvsc|hv_netvsc|hv_utils|hv_balloon|hyperv.keyboard|hid.hyperv|hyperv_drm)\\.ko' | wc -l");
        Assert.Equal("8", modules);
        if (secureBoot)
        {
            Assert.Contains("SecureBoot enabled", await Guest("sudo -n mokutil --sb-state"));
        }
        else
        {
            Assert.Equal(generation == Generation.Gen2, (await Guest("test -d /sys/firmware/efi && echo efi || echo bios")) == "efi");
        }
    }

    [QemuLabFact]
    public Task Negative_SeedLabelNotCidata_GuestNeverAcceptsKey_BackendReportsSeedError() =>
        BrokenSeedAsync(meta => meta, label: "NOTCIDATA");

    [QemuLabFact]
    public Task Negative_SeedWithoutMetaData_GuestNeverAcceptsKey_BackendReportsSeedError() =>
        BrokenSeedAsync(_ => null, label: "CIDATA");

    /// <summary>Rewrites the backend's seed (same user-data, hence the same keys) with the backend's own ISO writer, broken as asked.</summary>
    private async Task BrokenSeedAsync(Func<byte[], byte[]?> metaData, string label)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(50));
        var template = await TemplateAsync(output, cts.Token);
        SeededTemplateVm? handle = null;
        await using var vm = handle = new SeededTemplateVm(Generation.Gen1, secureBoot: false)
        {
            // Let the guest finish booting first, so the failure below is the seed's, not a slow boot's.
            BeforeConnect = async ct => Assert.True(await handle!.SerialShowsAsync("login:", BootDeadline, ct), "the guest never reached its login prompt:\n" + handle.SerialTail()),
        };
        await vm.ProvisionAsync(cts.Token);
        var userData = Extract(vm.SeedIso, "/user-data");
        var meta = metaData(Extract(vm.SeedIso, "/meta-data"));
        var files = new List<(string, byte[])> { ("user-data", userData) };
        if (meta is not null)
        {
            files.Add(("meta-data", meta));
        }

        await File.WriteAllBytesAsync(vm.SeedIso, Iso9660Writer.Build(label, files), cts.Token);
        await vm.BootAsync(template, cts.Token);

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => vm.Vm.UntilSshAcceptsAsync(BootDeadline, cts.Token));

        output.WriteLine(e.Message);
        Assert.Contains("NoCloud seed", e.Message);
        Assert.Contains($"{vm.Spec.Name}-{vm.Spec.RunId}-seed.iso", e.Message);
        // Without the seed, cloud-init falls back to its None datasource: either sshd has no host key and refuses connections,
        // or cloud-init generated host keys of its own, which are not the pinned one. Both mean the seed was not applied.
        Assert.True(e.InnerException is GuestUnreachableException or HvCert.Transport.Ssh.HostKeyMismatchException, e.InnerException?.GetType().Name);
    }

    private static string Label(string iso) => Run("blkid", "-o", "value", "-s", "LABEL", iso).Trim();

    /// <summary>Reads a file back out of the seed with isoinfo (genisoimage), a reader hvcert did not write.</summary>
    private static byte[] Extract(string iso, string path) => Encoding.UTF8.GetBytes(Run("isoinfo", "-J", "-i", iso, "-x", path));

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
