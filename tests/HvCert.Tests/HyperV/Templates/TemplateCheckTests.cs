using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.HyperV.Templates;

namespace HvCert.Tests.HyperV.Templates;

/// <summary>`hvcert template check` on synthetic disks made with the real tools (mkfs.ext4 -d, mkfs.vfat, mtools, qemu-img).</summary>
public sealed class TemplateCheckTests
{
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();

    private Task<int> Check(string image, bool json = false) => TemplateCommand.RunAsync(image, json, stdout, stderr, CancellationToken.None);

    [ToolFact("qemu-img", "mkfs.ext4", "debugfs", "mkfs.vfat", "mcopy", "mdir")]
    public async Task Check_CompleteTemplate_AllRequirementsMet()
    {
        using var crafted = new CraftedTemplate().Good();
        var image = crafted.Write("vhdx");

        var exit = await Check(image);

        Assert.True(exit == ExitCodes.Ok, stdout.ToString() + stderr);
        var text = stdout.ToString();
        Assert.Contains("(vhdx,", text);
        Assert.Contains("Crafted Linux 1 (synthetic), kernel " + CraftedTemplate.Kernel, text);
        Assert.Contains("datasource_list [NoCloud, None] in /etc/cloud/cloud.cfg.d/90-nocloud.cfg", text);
        Assert.Contains("multi-user.target.wants/hv-kvp-daemon.service runs /usr/sbin/hv_kvp_daemon", text);
        Assert.Contains("signed, the signature names Microsoft Corporation UEFI CA 2011", text);
        Assert.Contains("result: all 11 requirements met", text);
        Assert.DoesNotContain("MISSING", text);
    }

    [ToolFact("qemu-img", "mkfs.ext4", "debugfs", "mkfs.vfat", "mcopy", "mdir")]
    public async Task Check_EachRequirementBroken_ReportsExactlyThoseMissing()
    {
        using var crafted = new CraftedTemplate().Good(CraftedTemplate.TemplateModules.Where(m => !m.Contains("storvsc", StringComparison.Ordinal)).ToList());
        crafted.Delete("etc/systemd/system/multi-user.target.wants/hv-kvp-daemon.service");
        crafted.File("etc/cloud/cloud.cfg.d/95-azure.cfg", "datasource_list: [ Azure, None ]\n");
        crafted.File("etc/ssh/ssh_host_ed25519_key", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        crafted.File("root/.ssh/authorized_keys", "ssh-ed25519 AAAAC3Nza baked@image\n");
        crafted.Bytes("boot/vmlinuz-" + CraftedTemplate.Kernel, CraftedTemplate.Pe(signedBy: null));
        var image = crafted.Write("qcow2", signedGrub: false);

        var exit = await Check(image, json: true);

        Assert.Equal(ExitCodes.CertificationFailed, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var missing = doc.RootElement.GetProperty("requirements").EnumerateArray()
            .Where(r => !r.GetProperty("ok").GetBoolean()).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["nocloud", "kvp-daemon", "no-host-keys", "no-authorized-keys", "initramfs", "gen2-grub", "gen2-kernel"], missing);
        var details = string.Join("\n", doc.RootElement.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("detail").GetString()));
        Assert.Contains("hv-kvp-daemon.service installed but not enabled", details);
        Assert.Contains("missing: hv_storvsc", details);
        Assert.Contains("ssh_host_ed25519_key", details);
    }

    [ToolFact("qemu-img", "mkfs.ext4", "debugfs", "mkfs.vfat", "mcopy", "mdir")]
    public async Task Check_NoEspAndNoCloudInit_SaysSo()
    {
        using var crafted = new CraftedTemplate().Good();
        crafted.Delete("usr/bin/cloud-init");
        var image = crafted.Write("raw", withEsp: false);

        Assert.Equal(ExitCodes.CertificationFailed, await Check(image));
        Assert.Contains("MISSING  cloud-init", stdout.ToString());
        Assert.Contains("no /usr/bin/cloud-init", stdout.ToString());
        Assert.Contains("no EFI system partition", stdout.ToString());
    }

    [ToolFact("qemu-img")]
    public async Task Check_NotADiskImage_Exit2()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "just some text, not a disk\n");
        try
        {
            Assert.Equal(ExitCodes.BadInput, await Check(file));
            Assert.Contains("not a disk image", stderr.ToString());
            Assert.DoesNotContain("   at ", stderr.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [ToolFact("qemu-img", "mkfs.ext4", "debugfs", "mkfs.vfat", "mcopy", "mdir")]
    public async Task Check_DiskWithoutLinuxRoot_Exit2()
    {
        using var crafted = new CraftedTemplate();
        crafted.File("data/readme.txt", "a data disk, no OS\n");
        var image = crafted.Write("qcow2");

        Assert.Equal(ExitCodes.BadInput, await Check(image));
        Assert.Contains("no Linux root file system found", stderr.ToString());
    }

    [Fact]
    public async Task Check_MissingFile_Exit2()
    {
        Assert.Equal(ExitCodes.BadInput, await Check("/nonexistent/disk.vhdx"));
        Assert.Contains("no such file", stderr.ToString());
    }

    [Fact]
    public async Task InitramfsListing_EarlyCpioThenGzip_ListsBoth()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, CraftedTemplate.Initrd(["drivers/hv/hv_vmbus.ko"]));
        try
        {
            var names = await InitramfsListing.ListAsync(path, CancellationToken.None);
            Assert.Contains("kernel/x86/microcode/GenuineIntel.bin", names);
            Assert.Contains($"usr/lib/modules/{CraftedTemplate.Kernel}/kernel/drivers/hv/hv_vmbus.ko", names);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("usr/lib/modules/6.1.0/kernel/drivers/hid/hid-hyperv.ko", "hid_hyperv")]
    [InlineData("lib/modules/6.12/kernel/drivers/hv/hv_vmbus.ko.xz", "hv_vmbus")]
    [InlineData("kernel/drivers/scsi/hv_storvsc.ko.zst", "hv_storvsc")]
    [InlineData("usr/lib/modules/6.1.0/modules.dep", null)]
    [InlineData("etc/kocfg", null)]
    public void ModuleName_Paths(string path, string? expected) => Assert.Equal(expected, TemplateRequirements.ModuleName(path));

    [Theory]
    [InlineData("datasource_list: [ NoCloud, None ]\n", "NoCloud,None")]
    [InlineData("# x\ndatasource_list: ['NoCloud', \"ConfigDrive\"]  # c\n", "NoCloud,ConfigDrive")]
    [InlineData("datasource_list:\n  - NoCloud\n  # comment\n  - None\nother: 1\n", "NoCloud,None")]
    [InlineData("datasource:\n  NoCloud:\n    fs_label: cidata\n", null)]
    public void DatasourceList_FlowAndBlock(string yaml, string? expected) =>
        Assert.Equal(expected, TemplateRequirements.DatasourceList(yaml) is { } l ? string.Join(",", l) : null);

    [Fact]
    public void VersionOrder_NumericRuns() =>
        Assert.Equal(["6.1.0-9-amd64", "6.1.0-10-amd64", "6.12.0-1-amd64"],
            new[] { "6.12.0-1-amd64", "6.1.0-10-amd64", "6.1.0-9-amd64" }.Order(VersionOrder.Instance).ToArray());

    [Fact]
    public void PeSignature_SignedUnsignedAndNotPe()
    {
        Assert.Equal(new PeSignature(true, true, true), PeSignature.Read(CraftedTemplate.Pe("Microsoft Corporation UEFI CA 2011")));
        Assert.Equal(new PeSignature(true, true, false), PeSignature.Read(CraftedTemplate.Pe("Debian Secure Boot CA")));
        Assert.Equal(new PeSignature(true, false, false), PeSignature.Read(CraftedTemplate.Pe(null)));
        Assert.Equal(new PeSignature(false, false, false), PeSignature.Read("#!/bin/sh\n"u8.ToArray()));
    }
}
