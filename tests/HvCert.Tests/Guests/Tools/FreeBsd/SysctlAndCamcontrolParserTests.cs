using HvCert.Guests.Tools.FreeBsd;

namespace HvCert.Tests.Guests.Tools.FreeBsd;

public sealed class SysctlAndCamcontrolParserTests
{
    [Fact]
    public void Parse_GeomFlags_FindsCanDelete()
    {
        var values = SysctlParser.Parse(FreeBsdSample.Read("sysctl/freebsd-13.0-geom-timecounter-win10-hyperv.txt"));

        Assert.Contains("CANDELETE", SysctlParser.Flags(values["kern.geom.disk.da0.flags"]));
        Assert.Equal("Hyper-V-TSC", values["kern.timecounter.hardware"]);
    }

    [Fact]
    public void Flags_NoAngleBrackets_IsEmpty()
    {
        Assert.Empty(SysctlParser.Flags("0"));
    }

    [Fact]
    public void ParseTags_StorvscDisk_ReadsControllerAndMaxTags()
    {
        var tags = CamcontrolParser.ParseTags(FreeBsdSample.Read("camcontrol-tags/freebsd-13.0-da0-win10-hyperv.txt"));

        Assert.NotNull(tags);
        Assert.Equal("storvsc", tags.Controller);
        Assert.Equal(255, tags.Values["maxtags"]);
    }

    [Fact]
    public void ParseDevlist_DocumentedFormat_ReadsPeripherals()
    {
        var devices = CamcontrolParser.ParseDevlist("<Msft Virtual Disk 1.0>            at scbus0 target 0 lun 0 (pass0,da0)\n<Msft Virtual DVD-ROM 1.0>  at scbus1 target 0 lun 0 (cd0,pass1)\n");

        Assert.Equal(2, devices.Count);
        Assert.Equal(["pass0", "da0"], devices[0].Peripherals);
        Assert.Equal("Msft Virtual DVD-ROM 1.0", devices[1].Inquiry);
    }
}
