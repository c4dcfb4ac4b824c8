using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV.Provisioning;

/// <summary>
/// Adds the VM's devices with AddResourceSettings (hyperv-wmi.md §1.4): Gen2 puts OS disk, data disk and seed DVD on one
/// synthetic SCSI controller; Gen1 boots from IDE 0 (DVD on IDE 1) and keeps the data disk on SCSI so online resize works.
/// </summary>
/// <param name="peerNic">The run's private peer switch and this VM's static MAC on it (00155D…), or null for no second NIC.</param>
internal sealed class DeviceBuilder(HostSession session, HyperVInventory inventory, (CimRef Switch, string Mac)? peerNic = null)
{
    private const string Rasd = "Msvm_ResourceAllocationSettingData";
    private const string Sasd = "Msvm_StorageAllocationSettingData";

    /// <summary>The subtype of the SAN pool and of the FC connection (hyperv-wmi.md "Corrections": no space in "FibreChannel").</summary>
    private const string FcConnection = "Microsoft:Hyper-V:FibreChannel Connection";

    public async Task AttachAsync(VmContext vm, VmSpec spec, CancellationToken ct)
    {
        var vssd = (await vm.VssdAsync(ct)).Ref;
        var scsi = await AddAsync(vssd, Rasd, "Microsoft:Hyper-V:Synthetic SCSI Controller", ct,
            ("VirtualSystemIdentifiers", CimValue.Strings("{" + Guid.NewGuid() + "}")));
        var files = vm.OwnedFiles;
        if (spec.Generation == Generation.Gen2)
        {
            await AttachMediaAsync(vssd, scsi, 0, "Microsoft:Hyper-V:Synthetic Disk Drive", "Microsoft:Hyper-V:Virtual Hard Disk", files[0], ct);
            await AttachMediaAsync(vssd, scsi, 1, "Microsoft:Hyper-V:Synthetic Disk Drive", "Microsoft:Hyper-V:Virtual Hard Disk", files[1], ct);
            await AttachMediaAsync(vssd, scsi, 2, "Microsoft:Hyper-V:Synthetic DVD Drive", "Microsoft:Hyper-V:Virtual CD/DVD Disk", files[2], ct);
        }
        else
        {
            await AttachMediaAsync(vssd, await IdeAsync(vm, "0", ct), 0, "Microsoft:Hyper-V:Synthetic Disk Drive", "Microsoft:Hyper-V:Virtual Hard Disk", files[0], ct);
            await AttachMediaAsync(vssd, scsi, 0, "Microsoft:Hyper-V:Synthetic Disk Drive", "Microsoft:Hyper-V:Virtual Hard Disk", files[1], ct);
            await AttachMediaAsync(vssd, await IdeAsync(vm, "1", ct), 0, "Microsoft:Hyper-V:Synthetic DVD Drive", "Microsoft:Hyper-V:Virtual CD/DVD Disk", files[2], ct);
        }

        var switchName = inventory.SrIovSwitch ?? inventory.Switch;
        var vswitch = await session.SingleAsync(Wql.Where("Msvm_VirtualEthernetSwitch", "ElementName", switchName),
            $"virtual switch '{switchName}' not found on {session.Host.Address}: create it (New-VMSwitch) or fix 'switch:' in {inventory.SourceFile}", ct);
        var port = await AddAsync(vssd, "Msvm_SyntheticEthernetPortSettingData", "Microsoft:Hyper-V:Synthetic Ethernet Port", ct,
            ("ElementName", CimValue.Of("hvcert")), ("VirtualSystemIdentifiers", CimValue.Strings("{" + Guid.NewGuid() + "}")));
        await AddAsync(vssd, "Msvm_EthernetPortAllocationSettingData", "Microsoft:Hyper-V:Ethernet Connection", ct,
            ("Parent", CimValue.Of(session.PathOf(port))), ("HostResource", CimValue.Strings(session.PathOf(vswitch.Ref))));
        vm.Settings["nic.switch"] = switchName;
        if (peerNic is { } peer)
        {
            await AttachPeerNicAsync(vm, vssd, peer.Switch, peer.Mac, ct);
        }

        if (inventory.San is { } san && !spec.Has(VmFault.NoWwn))
        {
            await AttachFibreChannelAsync(vm, vssd, san, ct);
        }
    }

    /// <summary>A second synthetic NIC with a static MAC on the run's private switch: the guest's end of the peer link.</summary>
    private async Task AttachPeerNicAsync(VmContext vm, CimRef vssd, CimRef peerSwitch, string mac, CancellationToken ct)
    {
        var nic = await AddAsync(vssd, "Msvm_SyntheticEthernetPortSettingData", "Microsoft:Hyper-V:Synthetic Ethernet Port", ct,
            ("ElementName", CimValue.Of("hvcert-peer")), ("StaticMacAddress", CimValue.Of(true)), ("Address", CimValue.Of(mac)),
            ("VirtualSystemIdentifiers", CimValue.Strings("{" + Guid.NewGuid() + "}")));
        vm.PeerConnection = await AddAsync(vssd, "Msvm_EthernetPortAllocationSettingData", "Microsoft:Hyper-V:Ethernet Connection", ct,
            ("Parent", CimValue.Of(session.PathOf(nic))), ("HostResource", CimValue.Strings(session.PathOf(peerSwitch))));
        vm.Settings["peer.nic.mac"] = Peer.PeerAddresses.GuestMac(mac);
    }

    private async Task AttachFibreChannelAsync(VmContext vm, CimRef vssd, string san, CancellationToken ct)
    {
        var pool = await session.SingleAsync(
            $"SELECT * FROM Msvm_ResourcePool WHERE ResourceSubType = {Wql.Quote(FcConnection)} AND PoolID = {Wql.Quote(san)}",
            $"virtual SAN '{san}' not found: create it with New-VMSan or fix 'san:' in {inventory.SourceFile}", ct);
        var (wwnn, wwpn, wwnn2, wwpn2) = (Wwn(), Wwn(), Wwn(), Wwn());
        var hba = await AddAsync(vssd, "Msvm_SyntheticFcPortSettingData", "Microsoft:Hyper-V:Synthetic FibreChannel Port", ct,
            ("VirtualPortWWNN", CimValue.Of(wwnn)), ("VirtualPortWWPN", CimValue.Of(wwpn)),
            ("SecondaryWWNN", CimValue.Of(wwnn2)), ("SecondaryWWPN", CimValue.Of(wwpn2)));
        // Microsoft's Fibre Channel sample connects the port to the virtual SAN by PoolID (= SAN name), not HostResource.
        await AddAsync(vssd, "Msvm_FcPortAllocationSettingData", FcConnection, ct,
            ("Parent", CimValue.Of(session.PathOf(hba))), ("PoolID", CimValue.Of(pool.String("PoolID") ?? san)));
        vm.Settings["fc.wwnn"] = wwnn;
        vm.Settings["fc.wwpn"] = wwpn;
    }

    // Hyper-V's own WWN range starts C003FF (Set-VMHost -FibreChannelWwnn default); the low bytes are random per run.
    private static string Wwn() => "C003FF" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    private async Task<CimRef> IdeAsync(VmContext vm, string address, CancellationToken ct) =>
        (await session.SingleAsync(
            $"SELECT * FROM {Rasd} WHERE InstanceID LIKE {Wql.Quote($"Microsoft:{vm.VmId}%")} AND ResourceSubType = {Wql.Quote("Microsoft:Hyper-V:Emulated IDE Controller")} AND Address = {Wql.Quote(address)}",
            $"IDE controller {address} of Gen1 VM {vm.Name} not found", ct)).Ref;

    private async Task AttachMediaAsync(CimRef vssd, CimRef controller, int slot, string driveType, string mediaType, string file, CancellationToken ct)
    {
        var lun = slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var drive = await AddAsync(vssd, Rasd, driveType, ct,
            ("Parent", CimValue.Of(session.PathOf(controller))), ("AddressOnParent", CimValue.Of(lun)), ("Address", CimValue.Of(lun)));
        await AddAsync(vssd, Sasd, mediaType, ct,
            ("Parent", CimValue.Of(session.PathOf(drive))), ("HostResource", CimValue.Strings(session.Files.HostPath(file))));
    }

    private async Task<CimRef> AddAsync(CimRef vssd, string className, string subType, CancellationToken ct, params (string, CimValue)[] set)
    {
        var template = await session.DefaultResourceAsync(className, subType, ct);
        return await session.AddResourceAsync(vssd, template.With(set), ct);
    }
}
