using HvCert.Guests.Tools.FreeBsd;

namespace HvCert.Tests.Guests.Tools.FreeBsd;

public sealed class IfconfigParserTests
{
    [Fact]
    public void Parse_Hn0OnHyperV_ReadsOffloadOptionsAndMtu()
    {
        var hn0 = Assert.Single(IfconfigParser.Parse(FreeBsdSample.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt")));

        Assert.Equal("hn0", hn0.Name);
        Assert.Equal(1500, hn0.Mtu);
        Assert.True(hn0.HasOption("TSO4"));
        Assert.True(hn0.HasOption("LRO"));
        Assert.True(hn0.HasOption("VLAN_HWTAGGING"));
        Assert.False(hn0.HasOption("TSO6"));
        Assert.Equal("active", hn0.Status);
        Assert.Equal(["172.30.226.166"], hn0.Inet);
    }

    [Fact]
    public void Parse_TwoInterfacesWithoutOptions_SplitsThem()
    {
        var text = "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n\tinet 127.0.0.1 netmask 0xff000000\n"
            + "hn1: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 9000\n\tstatus: no carrier\n";
        var all = IfconfigParser.Parse(text);

        Assert.Equal(2, all.Count);
        Assert.Empty(all[0].Options);
        Assert.Equal(9000, all[1].Mtu);
        Assert.DoesNotContain("UP", all[1].Flags);
    }
}
