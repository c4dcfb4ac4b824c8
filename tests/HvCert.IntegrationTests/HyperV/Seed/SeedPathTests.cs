using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    // Boot to sshd under TCG: ~1.5 min on a quiet machine, 5-8 min measured here at load average 20-30 (2 cores shared).
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(15);

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
        async Task<CommandResult> Exec(string command, int seconds = 60) => await ssh.ExecAsync(command, TimeSpan.FromSeconds(seconds), cts.Token);
        async Task<string> Guest(string command) => (await Exec(command)).Stdout.Trim();

        // sshd starts once cloud-init.service has written the keys; cloud-config and cloud-final run later (minutes under TCG).
        // 'status --wait' returns as soon as any stage has failed, so "done" (not "error") is what says every stage ran clean.
        var status = await Exec("cloud-init status --long --wait", seconds: 600);
        output.WriteLine($"cloud-init finished {clock.Elapsed.TotalSeconds:0.0} s after boot:\n{status.Stdout}{status.Stderr}");
        Assert.False(status.TimedOut, "cloud-init status --wait did not return within 10 minutes");
        Assert.Contains("status: done", status.Stdout);
        Assert.Equal(0, status.ExitCode);
        // result.json is written by cloud-final (the /run/cloud-init link points into /var/lib/cloud/data; 0644, no sudo needed).
        var result = await Guest("cat /run/cloud-init/result.json");
        output.WriteLine(result);
        var v1 = JsonDocument.Parse(result).RootElement.GetProperty("v1");
        Assert.StartsWith("DataSourceNoCloud [seed=/dev/sr", v1.GetProperty("datasource").GetString());
        Assert.Equal(0, v1.GetProperty("errors").GetArrayLength());
        Assert.Equal("nocloud", await Guest("cat /run/cloud-init/cloud-id"));
        Assert.Equal($"hvcert-{vm.Spec.Name}-{vm.Spec.RunId}", await Guest("cat /var/lib/cloud/data/instance-id"));

        // The backend's user-data, checked by cloud-init 22.4.2's own schema (warnings alone would not fail a stage).
        var schema = await Exec("sudo -n cloud-init schema --system");
        Assert.True(schema.ExitCode == 0, schema.Stdout + schema.Stderr);
        Assert.Contains("Valid cloud-config: system userdata", schema.Stdout);

        // The login user and its only key came from this seed: the key is made fresh for this VM (never baked into the template,
        // which 'template check' proves has none) and cloud-init's copy of the seed's user-data holds the same line.
        Assert.Equal("hvcert", await Guest("id -un"));
        Assert.Equal("hvcert", vm.Asked!.User);
        var authorized = await Guest("cat ~/.ssh/authorized_keys");
        Assert.Single(authorized.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith($"hvcert-{vm.Spec.RunId}", authorized);
        Assert.Equal("1", await Guest($"sudo -n grep -cxF -- '      - {authorized}' /var/lib/cloud/instance/user-data.txt"));

        // Only the seed's host key exists (given ssh_keys, cloud-init generates none), and it is the one the backend pinned:
        // the public key derived (as root) from the private key sshd serves, fingerprinted here in OpenSSH's SHA256 form
        // (unpadded base64 of the key blob's hash). cloud-init writes the .pub file 0600 (cc_ssh), so it needs root too.
        Assert.Equal("/etc/ssh/ssh_host_ecdsa_key\n/etc/ssh/ssh_host_ecdsa_key.pub", await Guest("ls /etc/ssh/ssh_host_*"));
        var publicKey = await Guest("sudo -n ssh-keygen -y -f /etc/ssh/ssh_host_ecdsa_key");
        Assert.StartsWith("ecdsa-sha2-nistp256 ", publicKey);
        var hostKeyBlob = Convert.FromBase64String(publicKey.Split(' ')[1]);
        Assert.Equal(vm.Asked.HostKeySha256, "SHA256:" + Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('='));
        Assert.Equal(publicKey.Split(' ')[1], (await Guest("sudo -n cat /etc/ssh/ssh_host_ecdsa_key.pub")).Split(' ')[1]);

        // The seed's hostname is set and resolves locally (manage_etc_hosts), so sudo answers at once without a warning.
        Assert.Equal(vm.Spec.Name, await Guest("hostname"));
        Assert.StartsWith("127.0.1.1 ", await Guest($"getent hosts {vm.Spec.Name}"));
        var sudo = await Exec("sudo -n id -un");
        Assert.Equal("root", sudo.Stdout.Trim());
        Assert.Equal("", sudo.Stderr.Trim());

        // hv_kvp_daemon cannot start without VMBus: it and its unit are installed and enabled (so it starts on Hyper-V).
        Assert.Equal("/usr/sbin/hv_kvp_daemon", await Guest("ls /usr/sbin/hv_kvp_daemon"));
        Assert.Equal("enabled", await Guest("systemctl is-enabled hv-kvp-daemon.service"));
        Assert.Equal("enabled", await Guest("systemctl is-enabled hv-vss-daemon.service"));
        // Debian's unit has no Condition: it is bound to the KVP device that hv_utils creates on VMBus, absent under QEMU.
        Assert.Contains("hv_kvp.device", await Guest("systemctl show -p BindsTo hv-kvp-daemon.service"));
        Assert.Equal("absent", await Guest("test -e /dev/vmbus/hv_kvp && echo present || echo absent"));
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

    /// <summary>
    /// Both broken seeds in one boot (CI runs this on every push): the backend's own seed ISO rewritten without meta-data
    /// (label cidata), and beside it a complete seed with the same keys whose label is not cidata. Either one, if cloud-init
    /// took it, would install the key and the pinned host key and the login would succeed, so one boot checks both; neither
    /// can hide the other (cloud-init only looks at cidata volumes, and there is one). Malformed-YAML meta-data is NOT a
    /// negative: cloud-init 22.4.2 (bookworm) logs "Failed loading yaml blob", falls back to instance-id "nocloud" and
    /// still applies user-data, so such a guest accepts the key. Missing meta-data is rejected ("not a valid seed").
    /// </summary>
    [QemuLabFact]
    public async Task Negative_SeedWithoutMetaDataAndSeedNotLabelledCidata_GuestNeverAcceptsKey_BackendReportsSeedError()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(50));
        var template = await TemplateAsync(output, cts.Token);
        var scratch = Directory.CreateTempSubdirectory("hvcert-seedneg-").FullName;
        try
        {
            var notCidata = Path.Combine(scratch, "notcidata.iso");
            SeededTemplateVm? handle = null;
            await using var vm = handle = new SeededTemplateVm(Generation.Gen1, secureBoot: false)
            {
                ExtraIso = notCidata,
                // Let the guest finish booting first, so the failure below is the seed's, not a slow boot's.
                BeforeConnect = async ct => Assert.True(await handle!.SerialShowsAsync("login:", BootDeadline, ct),
                    "the guest never reached its login prompt:\n" + handle.SerialTail()),
            };
            await vm.ProvisionAsync(cts.Token);
            var userData = Extract(vm.SeedIso, "/user-data");
            var metaData = Extract(vm.SeedIso, "/meta-data");
            // The same user-data (hence the same keys) the backend wrote, with the backend's own ISO writer.
            await File.WriteAllBytesAsync(vm.SeedIso, Iso9660Writer.Build("CIDATA", [("user-data", userData)]), cts.Token);
            await File.WriteAllBytesAsync(notCidata, Iso9660Writer.Build("NOTCIDATA", [("meta-data", metaData), ("user-data", userData)]), cts.Token);
            Assert.Equal("cidata", Label(vm.SeedIso));
            Assert.Equal("notcidata", Label(notCidata));
            await vm.BootAsync(template, cts.Token);

            var e = await Assert.ThrowsAsync<InfrastructureException>(() => vm.Vm.UntilSshAcceptsAsync(BootDeadline, cts.Token));

            output.WriteLine(e.Message);
            Assert.Contains("NoCloud seed", e.Message);
            Assert.Contains($"{vm.Spec.Name}-{vm.Spec.RunId}-seed.iso", e.Message);
            // Without a seed, cloud-init falls back to its None datasource: either sshd has no host key and refuses connections,
            // or cloud-init generated host keys of its own, which are not the pinned one. Both mean the seed was not applied.
            Assert.True(e.InnerException is GuestUnreachableException or HvCert.Transport.Ssh.HostKeyMismatchException, e.InnerException?.GetType().Name);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string Label(string iso) => Run("blkid", "-o", "value", "-s", "LABEL", iso).Trim();

    /// <summary>
    /// Reads a root file back out of the seed through its Joliet directory (ECMA-119 directory records, UCS-2 names), so the
    /// broken seed carries the very user-data, and keys, the backend wrote. (The unit tests check the format with isoinfo.)
    /// </summary>
    private static byte[] Extract(string iso, string path)
    {
        var image = File.ReadAllBytes(iso);
        const int sector = 2048;
        var svd = 17 * sector;
        Assert.Equal(2, image[svd]);
        var rootLba = BitConverter.ToInt32(image, svd + 156 + 2);
        var dir = rootLba * sector;
        for (var pos = dir; image[pos] != 0; pos += image[pos])
        {
            var name = Encoding.BigEndianUnicode.GetString(image, pos + 33, image[pos + 32]);
            if ("/" + name == path)
            {
                return image.AsSpan(BitConverter.ToInt32(image, pos + 2) * sector, BitConverter.ToInt32(image, pos + 10)).ToArray();
            }
        }

        throw new InvalidOperationException($"{path} is not in {iso}");
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
