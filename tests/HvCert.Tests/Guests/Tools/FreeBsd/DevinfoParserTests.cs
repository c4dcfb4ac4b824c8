using HvCert.Guests;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;

namespace HvCert.Tests.Guests.Tools.FreeBsd;

public sealed class DevinfoParserTests
{
    private static readonly DevinfoReport Report = DevinfoParser.Parse(FreeBsdSample.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt"));

    [Fact]
    public void Parse_RealHyperVGen2_FindsAllVmbusChildrenWithClassIds()
    {
        Assert.True(Report.HasVmbus);
        Assert.Equal(15, Report.VmbusChildren.Count);
        Assert.Contains(Report.VmbusChildren, c => c.Name == "hn0" && c.Driver == "hn" && c.Unit == 0);
    }

    [Fact]
    public void Parse_UnknownDevices_AreOfferedButUnattached()
    {
        var dynamicMemory = VmbusClasses.ForRole(DeviceRole.Balloon).Single().ClassId;
        var dm = Assert.Single(Report.Offered(dynamicMemory));
        Assert.False(dm.Attached);
        var fcopy = VmbusClasses.ForRole(DeviceRole.FileCopy).Single().ClassId;
        Assert.False(Assert.Single(Report.Offered(fcopy)).Attached);
    }

    [Fact]
    public void Parse_VmbusMemory_ReadsMmioRange()
    {
        var range = Assert.Single(Report.VmbusMemory);
        Assert.Equal(0xf8000000UL, range.Start);
        Assert.Equal(0xf87fffffUL, range.End);
    }

    [Fact]
    public void Parse_NoVmbus_ReportsAbsent()
    {
        var report = DevinfoParser.Parse("nexus0\n  acpi0\n    pcib0\n      virtio_pci0\n");
        Assert.False(report.HasVmbus);
        Assert.Empty(report.VmbusChildren);
    }

    [Fact]
    public void Parse_UnknownClassGuid_IsKeptAndNotInTable()
    {
        var report = DevinfoParser.Parse("vmbus0\n  unknown pnpinfo classid=6e382d18-3336-4f4b-acc4-2b7703d4df4a deviceid=6e382d18-3336-4f4b-acc4-2b7703d4df4b\n");
        var child = Assert.Single(report.VmbusChildren);
        Assert.Null(VmbusClasses.Find(child.ClassId));
    }
}
