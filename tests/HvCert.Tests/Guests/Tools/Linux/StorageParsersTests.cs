using HvCert.Guests.Tools.Linux;

namespace HvCert.Tests.Guests.Tools.Linux;

public sealed class StorageParsersTests
{
    [Fact]
    public void Lsblk_Table_ReadsDiscardColumns()
    {
        var rows = LsblkParser.Parse(LinuxSamples.Read("lsblk", "build-host-discard-table"));
        var vda = Assert.Single(rows, r => r.Name == "vda");
        Assert.Equal(4096, vda.Long("DISC-GRAN"));
        Assert.Equal(1073741824, vda.Long("DISC-MAX"));
    }

    [Fact]
    public void Lsblk_Pairs_KeepEmptyColumns()
    {
        var rows = LsblkParser.Parse(LinuxSamples.Read("lsblk", "build-host-pairs"));
        var vda = Assert.Single(rows, r => r.Name == "vda");
        Assert.Equal("disk", vda.Get("TYPE"));
        Assert.Equal(string.Empty, vda.Get("WWN"));
        Assert.True(vda.Long("SIZE") > 0);
    }

    [Fact]
    public void Lsblk_TreeGlyphs_Stripped()
    {
        var rows = LsblkParser.Parse("NAME   DISC-GRAN DISC-MAX\nsda          0B       0B\n└─sda1       0B       0B\n");
        Assert.Equal(["sda", "sda1"], rows.Select(r => r.Name));
    }

    [Theory]
    [InlineData("/mnt/hvcert-trim: 63.9 MiB (67002368 bytes) trimmed on /dev/sdb", 67002368, "/dev/sdb")]
    [InlineData("/mnt: 1.2 GiB (1286438912 bytes) trimmed", 1286438912, null)]
    [InlineData("/mnt: 1286438912 bytes were trimmed", 1286438912, null)]
    public void Fstrim_KnownForms_ReadBytes(string line, long bytes, string? device)
    {
        var r = Assert.Single(FstrimParser.Parse(line));
        Assert.Equal(bytes, r.BytesTrimmed);
        Assert.Equal(device, r.Device);
    }

    [Fact]
    public void Fstrim_NotSupported_NoResult() =>
        Assert.Empty(FstrimParser.Parse("fstrim: /mnt: the discard operation is not supported"));

    [Fact]
    public void DiskById_AzureListing_ResolvesTargets()
    {
        var links = DiskByIdParser.Parse(LinuxSamples.Read("disk-by-id", "azure-docs-issue-69741"));
        Assert.Equal(["lun0", "lun0-part1"], links.Select(l => l.Name));
        Assert.Equal("sdb", links[0].Device);
        Assert.True(links[1].IsPartition);
        Assert.DoesNotContain(links, l => l.IsWwn);
    }

    [Fact]
    public void Wwid_NaaAndT10_Distinguished()
    {
        var ids = WwidParser.Parse("/sys/block/sda/device/wwid:t10.ATA     QEMU HARDDISK                           QM00001\n/sys/block/sdb/device/wwid:naa.5000c500a1b2c3d4\n");
        Assert.Null(ids[0].NaaHex);
        Assert.Equal("5000c500a1b2c3d4", ids[1].NaaHex);
        Assert.Equal("sdb", ids[1].Device);
    }

    [Fact]
    public void SgInq_Hitachi_FindsNaaDesignator()
    {
        var designators = SgInqParser.Parse(LinuxSamples.Read("sg-inq-vpd83", "hitachi-linux-scsi-patch"));
        Assert.Equal(3, designators.Count);
        var naa = Assert.Single(designators, d => d.Type == "NAA");
        Assert.Equal("60060e8007c350000030c35000002025", naa.Hex);
        Assert.Equal("Binary", naa.CodeSet);
        Assert.Null(designators[0].Hex);
    }

    [Fact]
    public void FcHost_SysfsGrep_GroupsByHost()
    {
        var hosts = FcHostParser.Parse("/sys/class/fc_host/host3/port_name:0xc003ff4d2b4a0000\n/sys/class/fc_host/host3/node_name:0xc003ff0000ffff00\n/sys/class/fc_host/host3/port_state:Online\n");
        var h = Assert.Single(hosts);
        Assert.Equal("host3", h.Host);
        Assert.Equal("c003ff4d2b4a0000", h.PortName);
        Assert.Equal("Online", h.PortState);
    }

    [Fact]
    public void FcHost_NoFcClass_Empty() =>
        Assert.Empty(FcHostParser.Parse("grep: /sys/class/fc_host/host*/port_name: No such file or directory"));
}
