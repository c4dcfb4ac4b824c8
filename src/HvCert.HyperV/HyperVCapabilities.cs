using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV;

/// <summary>
/// What the Hyper-V backend offers, decided from the inventory alone (no WMI), so <c>hvcert plan</c> works anywhere.
/// Facets that need hardware the inventory lacks are Not offered with the reason.
/// </summary>
public static class HyperVCapabilities
{
    public static BackendCapabilities From(HyperVInventory inventory)
    {
        var missing = new Dictionary<Facet, string>
        {
            [Facet.CpuHotAdd] = "Hyper-V cannot hot-add virtual processors; the VM runs with the vCPU count it was provisioned with",
        };
        if (inventory.SecondHost is null)
        {
            missing[Facet.LiveMigration] = "live migration needs a second Hyper-V host: add 'second_host:' to the inventory";
        }

        if (inventory.San is null)
        {
            missing[Facet.FibreChannel] = "virtual Fibre Channel needs a virtual SAN on an NPIV HBA: add 'san:' to the inventory";
            missing[Facet.ScsiWwn] = missing[Facet.FibreChannel];
        }

        if (inventory.DdaPool.Count == 0)
        {
            missing[Facet.PciPassthrough] = "DDA needs an assignable PCI device: add its location path to 'dda_pool:' in the inventory";
        }

        if (inventory.SrIovSwitch is null)
        {
            missing[Facet.SrIov] = "SR-IOV needs an IOV-enabled external switch on an SR-IOV NIC: add 'sriov_switch:' to the inventory";
        }

        if (inventory.DynamicMemory)
        {
            missing[Facet.RuntimeMemoryResize] = "runtime memory resize applies to static memory; the inventory sets 'memory: dynamic'";
        }
        else
        {
            missing[Facet.MemoryHotAdd] = "hot-add needs Dynamic Memory; the inventory sets 'memory: static'";
            missing[Facet.Balloon] = "ballooning needs Dynamic Memory; the inventory sets 'memory: static'";
        }

        // A host reached over SSH is never this machine, even at a loopback address (a tunnel, or the test host).
        if (!inventory.Host.IsLocal || inventory.Host.Protocol == "ssh")
        {
            missing[Facet.HostSockets] = "AF_HYPERV connects only from the Hyper-V host itself: run hvcert on the host (host.address: localhost, not over ssh)";
        }
        else if (inventory.OtherHosts.Count > 0)
        {
            // One machine runs hvcert, so with several column hosts the others' guests are out of AF_HYPERV's reach.
            missing[Facet.HostSockets] = "AF_HYPERV connects only from the Hyper-V host itself, and the inventory lists several hosts: certify Hyper-V sockets with an inventory of the local host alone";
        }

        var offered = Enum.GetValues<Facet>().Where(f => !missing.ContainsKey(f)).ToHashSet();
        return new BackendCapabilities(BackendKind.HyperV, offered, missing, ExpressibleFaults(inventory));
    }

    private static HashSet<VmFault> ExpressibleFaults(HyperVInventory inventory)
    {
        var faults = new HashSet<VmFault>
        {
            VmFault.SecureBootOff, VmFault.SingleCpu, VmFault.NoKeyValueChannel, VmFault.HeartbeatStopped,
            VmFault.ShutdownIgnored, VmFault.BackupAgentFrozen, VmFault.DiscardIgnored, VmFault.NoMmioGapSetting,
            VmFault.GuestClockSkewed, VmFault.NoGuestAgent, VmFault.PeerMtu1500, VmFault.PeerVlanMismatch,
            VmFault.MemoryAtMost3Gib, // the startup memory is capped (MemoryPlan)
            VmFault.LsvmbusRemoved, VmFault.HvSocketBlocked, VmFault.PassthroughBridgeBlocked, // guest configuration through the seed's bootcmd
        };
        if (inventory.SrIovSwitch is not null)
        {
            faults.Add(VmFault.SrIovDisabled); // IOVOffloadWeight 0 on the VM's port
        }
        if (inventory.DynamicMemory)
        {
            faults.Add(VmFault.NoMemoryHotplugSlots);
            faults.Add(VmFault.NoBalloonDevice);
        }

        if (inventory.San is not null)
        {
            faults.Add(VmFault.NoWwn);
        }

        return faults;
    }
}
