using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>Msvm_ImageManagementService on the data disk, snapshots, and the FC HBA read-back (hyperv-wmi.md §2 storage rows).</summary>
internal sealed class StorageFacets(VmContext vm) : IDiskResizeFacet, IDiskAllocationFacet, IBackupFacet, IFibreChannelFacet
{
    public Task<HostActionResult> GrowDataDiskAsync(long newSizeBytes, CancellationToken cancellationToken) =>
        RunAsync(vm, "ResizeVirtualHardDisk", async () =>
        {
            var before = await SettingDataAsync(cancellationToken);
            var ims = await vm.Session.ServiceAsync("Msvm_ImageManagementService", cancellationToken);
            await vm.Session.InvokeAsync(ims, "ResizeVirtualHardDisk", cancellationToken, TimeSpan.FromMinutes(10),
                new CimArgument("Path", CimValue.Of(vm.DataDiskPath)), new CimArgument("MaxInternalSize", CimValue.UInt64(newSizeBytes)));
            var after = await SettingDataAsync(cancellationToken);
            return HostActionResult.Success("ResizeVirtualHardDisk", ("old_bytes", Text(Size(before))), ("new_bytes", Text(Size(after))),
                ("disk_serial", Path.GetFileNameWithoutExtension(vm.DataDiskPath!.Replace('\\', '/'))));
        });

    public Task<HostActionResult> ReadAllocationAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "GetVirtualHardDiskState", async () =>
        {
            var state = await StateAsync(cancellationToken);
            return HostActionResult.Success("GetVirtualHardDiskState", ("allocated_bytes", Text(state.Number("FileSize") ?? 0)),
                ("min_internal_bytes", Text(state.Number("MinInternalSize") ?? 0)));
        });

    /// <summary>
    /// A recovery (backup) checkpoint, SnapshotType 32768, asking for application consistency; the VSS component's status says
    /// whether the guest's hv_vss_daemon answered. The checkpoint is destroyed again right after.
    /// </summary>
    public Task<HostActionResult> BackupAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "CreateSnapshot", async () =>
        {
            var settings = CimInstanceData.Create("Msvm_VirtualSystemSnapshotSettingData", ("ConsistencyLevel", CimValue.UInt8(1)),
                ("IgnoreNonSnapshottableDisks", CimValue.Of(true)));
            var service = await vm.Session.ServiceAsync("Msvm_VirtualSystemSnapshotService", cancellationToken);
            var result = await vm.Session.InvokeAsync(service, "CreateSnapshot", cancellationToken, TimeSpan.FromMinutes(10),
                new CimArgument("AffectedSystem", CimValue.Ref(vm.SystemRef)), new CimArgument("SnapshotSettings", CimValue.Of(CimXml.Write(settings))),
                new CimArgument("SnapshotType", CimValue.UInt16(32768)));
            // Consistency is read after the checkpoint (the VSS component reports how the guest's VSS answered this request),
            // before the checkpoint is destroyed: a status read beforehand describes an earlier backup, or none.
            var vss = await vm.Session.QueryAsync(Wql.Where("Msvm_VssComponent", "SystemName", vm.VmId), cancellationToken);
            var vssStatus = vss.Count > 0 ? (vss[0].Strings("OperationalStatus") is { Count: > 0 } st ? st[0] : "0") : "absent";
            foreach (var snapshot in await vm.Session.ResultingAsync(result, "ResultingSnapshot", "Msvm_VirtualSystemSettingData", cancellationToken))
            {
                await vm.Session.InvokeAsync(service, "DestroySnapshot", cancellationToken, null, new CimArgument("AffectedSnapshot", CimValue.Ref(snapshot)));
            }

            var consistent = vssStatus == "2";
            // The host cannot see the freeze itself; the guest's hv_vss_daemon log is the evidence for that.
            return HostActionResult.Success("CreateSnapshot", ("consistent", Text(consistent)), ("vss_status", vssStatus), ("read", "after-checkpoint"));
        });

    public Task<HostActionResult> DescribeHbaAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "DescribeHba", async () =>
        {
            var hba = await vm.SettingAsync("Msvm_SyntheticFcPortSettingData", cancellationToken);
            return HostActionResult.Success("DescribeHba", ("wwnn", hba.String("VirtualPortWWNN") ?? ""), ("wwpn", hba.String("VirtualPortWWPN") ?? ""),
                ("secondary_wwnn", hba.String("SecondaryWWNN") ?? ""), ("secondary_wwpn", hba.String("SecondaryWWPN") ?? ""));
        });

    private async Task<CimInstanceData> StateAsync(CancellationToken ct)
    {
        var ims = await vm.Session.ServiceAsync("Msvm_ImageManagementService", ct);
        var result = await vm.Session.InvokeAsync(ims, "GetVirtualHardDiskState", ct, null, new CimArgument("Path", CimValue.Of(vm.DataDiskPath)));
        return CimXml.Read(result.Out("State")?.Text ?? throw new InvalidOperationException("GetVirtualHardDiskState returned no State"));
    }

    private async Task<CimInstanceData> SettingDataAsync(CancellationToken ct)
    {
        var ims = await vm.Session.ServiceAsync("Msvm_ImageManagementService", ct);
        var result = await vm.Session.InvokeAsync(ims, "GetVirtualHardDiskSettingData", ct, null, new CimArgument("Path", CimValue.Of(vm.DataDiskPath)));
        return CimXml.Read(result.Out("SettingData")?.Text ?? throw new InvalidOperationException("GetVirtualHardDiskSettingData returned no SettingData"));
    }

    private static long Size(CimInstanceData settings) => settings.Number("MaxInternalSize") ?? 0;
}
