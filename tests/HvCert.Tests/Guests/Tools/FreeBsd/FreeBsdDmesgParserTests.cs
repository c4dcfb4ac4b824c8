using HvCert.Guests.Tools.FreeBsd;

namespace HvCert.Tests.Guests.Tools.FreeBsd;

public sealed class FreeBsdDmesgParserTests
{
    [Fact]
    public void Parse_FreeBsd13OnHyperV_ReadsHostVmbusAndAttachments()
    {
        var log = FreeBsdDmesgParser.Parse(FreeBsdSample.Read("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt"));

        Assert.Equal("10.0.19041 [SP1]", log.HyperVVersion);
        Assert.Equal("4.0", log.VmbusVersion);
        Assert.True(log.MicrosoftHypervisor);
        Assert.Equal(4, log.Cpus);
        Assert.Equal("Hyper-V Network Interface", log.Attached("hn")?.Description);
        Assert.Equal("vmbus0", log.Attached("hvtimesync")?.Parent);
        Assert.Contains("Hyper-V-TSC", log.Timecounters);
    }

    [Fact]
    public void Parse_FreeBsd10InterleavedLegacyLines_ReadsHypervUtilsServices()
    {
        var log = FreeBsdDmesgParser.Parse(FreeBsdSample.Read("dmesg-freebsd/freebsd-10.2-azure.txt"));

        Assert.Equal(4, log.LegacyServices.Count);
        Assert.True(log.HasLegacyService("Heartbeat"));
        Assert.True(log.HasLegacyService("Time Synch"));
        Assert.Equal("Synthetic Network Interface", log.Attached("hn")?.Description);
        Assert.Null(log.HyperVVersion);
    }

    [Fact]
    public void Parse_FreeBsd12OnWs2016_ReadsHostBuild()
    {
        var log = FreeBsdDmesgParser.Parse(FreeBsdSample.Read("dmesg-freebsd/freebsd-12.1-ws2016.txt"));
        Assert.Equal("10.0.14393 [SP3]", log.HyperVVersion);
        Assert.Empty(log.Attachments);
    }
}
