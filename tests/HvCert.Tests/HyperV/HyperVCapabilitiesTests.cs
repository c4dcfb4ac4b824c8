using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;

namespace HvCert.Tests.HyperV;

public sealed class HyperVCapabilitiesTests
{
    [Fact]
    public void From_DefaultInventory_HardwareFacetsNotOfferedWithReasons()
    {
        var caps = HyperVCapabilities.From(HyperVInventory.Default);

        Assert.Equal(BackendKind.HyperV, caps.Backend);
        foreach (var f in new[] { Facet.LiveMigration, Facet.FibreChannel, Facet.PciPassthrough, Facet.SrIov, Facet.CpuHotAdd, Facet.RuntimeMemoryResize })
        {
            Assert.False(caps.Has(f));
        }

        Assert.Contains("second_host", caps.WhyNot(Facet.LiveMigration));
        Assert.Contains("NPIV", caps.WhyNot(Facet.FibreChannel));
        Assert.Contains("dda_pool", caps.WhyNot(Facet.PciPassthrough));
        Assert.Contains("sriov_switch", caps.WhyNot(Facet.SrIov));
        foreach (var f in new[] { Facet.Shutdown, Facet.Nmi, Facet.KeyValueExchange, Facet.FileCopy, Facet.SecureBoot, Facet.MmioGap, Facet.Backup, Facet.DiskResize, Facet.MemoryHotAdd })
        {
            Assert.True(caps.Has(f), f.ToString());
        }
    }

    [Fact]
    public void From_LoopbackHostOverSsh_NoHostSockets_LocalDcomHostHasThem()
    {
        var local = HyperVInventory.Default.Host with { Address = "127.0.0.1" };
        var overSsh = local with { Protocol = "ssh", Ssh = new HostSsh("u", "/k", "SHA256:" + new string('A', 43), 2222, "pwsh", TimeSpan.FromSeconds(60)) };

        Assert.True(HyperVCapabilities.From(HyperVInventory.Default with { Host = local }).Has(Facet.HostSockets));
        var caps = HyperVCapabilities.From(HyperVInventory.Default with { Host = overSsh });
        Assert.False(caps.Has(Facet.HostSockets)); // hvcert runs on another machine: AF_HYPERV cannot reach the guest from there
        Assert.Contains("not over ssh", caps.WhyNot(Facet.HostSockets), StringComparison.Ordinal);
    }

    [Fact]
    public void From_FullInventory_OffersHardwareFacets()
    {
        var inv = HyperVInventory.Default with
        {
            SecondHost = HyperVInventory.Default.Host with { Address = "hv2" },
            San = "san", DdaPool = ["PCIROOT(0)#PCI(0300)"], SrIovSwitch = "iov", DynamicMemory = false,
            Vlan = new VlanPeer("198.51.100.1", "198.51.100.10", 24, "access", null),
        };

        var caps = HyperVCapabilities.From(inv);

        Assert.True(caps.Has(Facet.LiveMigration) && caps.Has(Facet.FibreChannel) && caps.Has(Facet.ScsiWwn) && caps.Has(Facet.SrIov) && caps.Has(Facet.Vlan));
        Assert.True(caps.Has(Facet.RuntimeMemoryResize));
        Assert.False(caps.Has(Facet.MemoryHotAdd));
        Assert.Contains(VmFault.NoWwn, caps.ExpressibleFaults);
    }

    [Fact]
    public void WhyUnavailable_NotWindows_ExplainsRunPs1AndQemu()
    {
        var why = HyperVAvailability.WhyUnavailable(isWindows: () => false);

        Assert.NotNull(why);
        Assert.Contains("only on Windows", why);
        Assert.Contains("run.ps1", why);
        Assert.Contains("--backend qemu", why);
    }

    [Fact]
    public void EnsureAvailable_MmiFailsToLoad_ThrowsInfrastructureExceptionNotDllNotFound()
    {
        var e = Assert.Throws<InfrastructureException>(() =>
            HyperVAvailability.EnsureAvailable(isWindows: () => true, probeMmi: () => "DllNotFoundException: Unable to load shared library 'libmi'"));

        Assert.Contains("could not load", e.Message);
        Assert.Contains("run.ps1", e.Message);
    }

    [Fact]
    public void WhyUnavailable_OnThisLinuxMachine_RealProbeGivesMessage()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // covered by the Windows integration tests
        }

        var e = Assert.Throws<InfrastructureException>(() => HyperVAvailability.EnsureAvailable());
        Assert.Contains("only on Windows", e.Message);
    }
}
