using HvCert.Guests.Tools.Linux;

namespace HvCert.Tests.Guests.Tools.Linux;

public sealed class MemoryParsersTests
{
    [Fact]
    public void MemInfo_BuildHost_ReadsTotalsInKb()
    {
        var info = MemInfoParser.Parse(LinuxSamples.Read("proc-meminfo", "build-host-firecracker"));
        Assert.True(info.MemTotalKb > 1024 * 1024);
        Assert.True(info.MemAvailableKb <= info.MemTotalKb);
        Assert.NotNull(info.Kb("HugePages_Total"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Speicher gesamt: viel")]
    [InlineData("MemTotal: lots kB")]
    public void MemInfo_OddInput_NoTotal(string text) => Assert.Null(MemInfoParser.Parse(text).MemTotalKb);

    [Fact]
    public void MemoryBlocks_BuildHost_BlockSizeAndStates()
    {
        var blocks = MemoryBlocksParser.Parse(LinuxSamples.Read("memory-blocks", "build-host-firecracker"));
        Assert.Equal(128L * 1024 * 1024, blocks.BlockSizeBytes);
        Assert.True(blocks.Online > 100);
        Assert.Equal(blocks.Blocks.Count, blocks.Online + blocks.Offline);
    }

    [Fact]
    public void MemoryBlocks_OfflineBlock_Counted()
    {
        var blocks = MemoryBlocksParser.Parse("/sys/devices/system/memory/memory40/state:offline\n/sys/devices/system/memory/memory8/state:online\n");
        Assert.Equal(1, blocks.Offline);
        Assert.Equal(8, blocks.Blocks[0].Index);
    }

    [Fact]
    public void CpuInfo_BuildHost_HasPaeAndLongMode()
    {
        var cpu = CpuInfoParser.Parse(LinuxSamples.Read("proc-cpuinfo", "build-host-firecracker"));
        Assert.True(cpu.Has("pae"));
        Assert.True(cpu.Has("lm"));
        Assert.Equal(2, cpu.Processors);
    }

    [Fact]
    public void CpuInfo_NoFlagsLine_HasNothing() => Assert.False(CpuInfoParser.Parse("processor : 0\n").Has("pae"));
}
