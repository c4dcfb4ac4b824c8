using System.Globalization;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Qemu.Accel;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

/// <summary>
/// The base RAM size on the command line. QEMU 7.2's dirty-bitmap sync has a 64-page fast path that leaves stale TCG TLB
/// entries behind (fixed upstream in 9.0 by 03bfc2188f, "physmem: Fix migration dirty bitmap coherency with TCG memory
/// access"), so guests lost stores across live migration; a RAM block that is not a multiple of 64 pages (256 KiB) takes
/// the per-page path that resets those entries.
/// </summary>
public sealed class QemuRamSizeTests
{
    private const long FastPathUnit = 64 * 4096;

    [Theory]
    [InlineData(Generation.Gen1, false)]
    [InlineData(Generation.Gen2, false)]
    [InlineData(Generation.Gen1, true)]
    [InlineData(Generation.Gen2, true)]
    public void Build_UnderTcg_BaseRamTakesThePerPageDirtySyncAndNeverExceedsTheSpec(Generation generation, bool noHotplugSlots)
    {
        var o = QemuCommandLineTests.Options(generation, faults: noHotplugSlots ? [VmFault.NoMemoryHotplugSlots] : []);
        var bytes = RamBytes(o);

        Assert.NotEqual(0, bytes % FastPathUnit);
        Assert.InRange(bytes, (o.Spec.EffectiveMemoryMb * 1048576L) - 1048576, o.Spec.EffectiveMemoryMb * 1048576L);
        Assert.Equal(0, bytes % 8192); // QEMU rounds -m up to 8 KiB: a size off that grid would be rounded back onto the fast path's
    }

    [Fact]
    public void Build_MigrationDestination_HasTheSourcesRamSize()
    {
        var source = QemuCommandLineTests.Options(Generation.Gen2);

        Assert.Equal(RamBytes(source), RamBytes(source with { IncomingPort = 40100, SshPort = 40101 }));
    }

    [Fact]
    public void Build_UnderKvm_BaseRamIsExactlyTheSpec()
    {
        var o = QemuCommandLineTests.Options(Generation.Gen1) with { Accelerator = Accelerator.Kvm };

        Assert.Equal(o.Spec.EffectiveMemoryMb * 1048576L, RamBytes(o));
    }

    /// <summary>The -m size in bytes as QEMU reads it: a number of MiB, or a number with a K/M/G suffix.</summary>
    private static long RamBytes(LaunchOptions o)
    {
        var args = QemuCommandLine.Build(o);
        var size = args[args.ToList().IndexOf("-m") + 1].Split(',')[0];
        var unit = char.ToUpperInvariant(size[^1]) switch { 'K' => 1024L, 'M' => 1048576L, 'G' => 1073741824L, _ => 0L };
        return unit == 0 ? long.Parse(size, CultureInfo.InvariantCulture) * 1048576L : long.Parse(size[..^1], CultureInfo.InvariantCulture) * unit;
    }
}
