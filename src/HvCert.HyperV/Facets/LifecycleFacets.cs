using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>Msvm_ShutdownComponent.InitiateShutdown(Force, Reason), then EnabledState 3 (Off) within the timeout.</summary>
internal sealed class ShutdownFacet(VmContext vm) : IShutdownFacet
{
    public Task<HostActionResult> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(vm, "InitiateShutdown", async () =>
        {
            var started = vm.Session.Time.GetTimestamp();
            var component = await vm.ComponentAsync("Msvm_ShutdownComponent", cancellationToken);
            await vm.Session.InvokeAsync(component.Ref, "InitiateShutdown", cancellationToken, timeout,
                new CimArgument("Force", CimValue.Of(true)), new CimArgument("Reason", CimValue.Of("hvcert integrated shutdown probe")));
            var off = await VmPower.UntilStateAsync(vm, VmPower.Off, timeout, cancellationToken);
            var seconds = vm.Session.Time.GetElapsedTime(started).TotalSeconds;
            return new HostActionResult("InitiateShutdown", off, new Dictionary<string, string>
            {
                ["clean"] = Text(off),
                ["seconds"] = seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            }, off ? null : $"VM still not Off {timeout.TotalSeconds:0} s after InitiateShutdown");
        });
}

/// <summary>Msvm_HeartbeatComponent.OperationalStatus[0]: 2 OK, 3 Degraded, 12 No Contact, 13 Lost Communication (hyperv-wmi.md §2).</summary>
internal sealed class HeartbeatFacet(VmContext vm) : IHeartbeatFacet
{
    public Task<HostActionResult> QueryHeartbeatAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "QueryHeartbeat", async () =>
        {
            var found = await vm.Session.QueryAsync(Wql.Where("Msvm_HeartbeatComponent", "SystemName", vm.VmId), cancellationToken);
            if (found.Count == 0)
            {
                return HostActionResult.Success("QueryHeartbeat", ("alive", "false"), ("status", "component absent (disabled or VM off)"));
            }

            var status = found[0].Strings("OperationalStatus");
            var primary = status.Count > 0 ? status[0] : "0";
            return HostActionResult.Success("QueryHeartbeat", ("alive", Text(primary is "2" or "3")), ("status", Describe(primary)),
                ("operational_status", string.Join(",", status)));
        });

    private static string Describe(string code) => code switch
    {
        "2" => "OK",
        "3" => "Degraded",
        "7" => "Non-recoverable error",
        "12" => "No contact",
        "13" => "Lost communication",
        "15" => "Paused",
        _ => "status " + code,
    };
}

/// <summary>Time Synchronization IC on/off through Msvm_TimeSyncComponentSettingData.EnabledState.</summary>
internal sealed class TimeSyncFacet(VmContext vm) : ITimeSyncFacet
{
    public Task<HostActionResult> SetTimeSyncAsync(bool enabled, CancellationToken cancellationToken) =>
        RunAsync(vm, "SetTimeSync", async () =>
        {
            await vm.SetIntegrationServiceAsync("Msvm_TimeSyncComponentSettingData", enabled, cancellationToken);
            return HostActionResult.Success("SetTimeSync", ("enabled", Text(enabled)), ("host_utc", vm.Session.Time.GetUtcNow().ToString("O")));
        });

    /// <summary>Hyper-V has no "sync once" method: the IC sends a forced sample when it (re)starts, so this toggles it off and on.</summary>
    public Task<HostActionResult> SyncNowAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "SyncNow", async () =>
        {
            await vm.SetIntegrationServiceAsync("Msvm_TimeSyncComponentSettingData", false, cancellationToken);
            await vm.SetIntegrationServiceAsync("Msvm_TimeSyncComponentSettingData", true, cancellationToken);
            return HostActionResult.Success("SyncNow", ("enabled", "true"), ("method", "ic-restart"), ("host_utc", vm.Session.Time.GetUtcNow().ToString("O")));
        });
}

/// <summary>Msvm_ComputerSystem.InjectNonMaskableInterrupt (0/4096; fails on a VM that is not running).</summary>
internal sealed class NmiFacet(VmContext vm) : INmiFacet
{
    public Task<HostActionResult> InjectNmiAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "InjectNonMaskableInterrupt", async () =>
        {
            await vm.Session.InvokeAsync(vm.SystemRef, "InjectNonMaskableInterrupt", cancellationToken);
            return HostActionResult.Success("InjectNonMaskableInterrupt", ("injected", "true"));
        });
}

/// <summary>
/// Msvm_VirtualSystemMigrationService.MigrateVirtualSystemToHost to the inventory's second host. With shared storage it moves
/// the VM only (32768); otherwise VM and storage (32771) into the destination's storage folder. The VM then lives on the
/// destination, so later facets and teardown talk to that host.
/// </summary>
internal sealed class LiveMigrationFacet(VmContext vm, Func<HostSession> destination, bool sharedStorage) : ILiveMigrationFacet
{
    public Task<HostActionResult> MigrateAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "MigrateVirtualSystemToHost", async () =>
        {
            var target = destination();
            var listener = await target.SingleAsync(Wql.Select("Msvm_VirtualSystemMigrationService"), "migration service missing on destination", cancellationToken);
            var settings = CimInstanceData.Create("Msvm_VirtualSystemMigrationSettingData",
                ("MigrationType", CimValue.UInt16(sharedStorage ? 32768 : 32771)),
                ("DestinationIPAddressList", CimValue.Strings(listener.Strings("MigrationServiceListenerIPAddressList").ToArray())));
            var args = new List<CimArgument>
            {
                new("ComputerSystem", CimValue.Ref(vm.SystemRef)),
                new("DestinationHost", CimValue.Of(target.Host.Address)),
                new("MigrationSettingData", CimValue.Of(CimXml.Write(settings))),
            };
            if (!sharedStorage)
            {
                args.Add(new("NewResourceSettingData", CimValue.Strings(await MovedDisksAsync(target, cancellationToken))));
            }

            if (vm.PeerConnection is { } peerPort)
            {
                // The run's private peer switch exists only on this host, and Hyper-V refuses to move a VM whose NIC is connected
                // to a switch the destination lacks: disconnect the peer link first (the SSH NIC stays on the inventory's switch).
                await vm.Session.VsmsAsync("RemoveResourceSettings", cancellationToken, null, new CimArgument("ResourceSettings", CimValue.Refs(peerPort)));
                vm.PeerConnection = null;
            }

            var service = await vm.Session.ServiceAsync("Msvm_VirtualSystemMigrationService", cancellationToken);
            var started = vm.Session.Time.GetTimestamp();
            await vm.Session.Jobs.InvokeAsync(service, "MigrateVirtualSystemToHost", args, TimeSpan.FromMinutes(30), cancellationToken);
            var took = vm.Session.Time.GetElapsedTime(started);
            vm.Session = target;
            return HostActionResult.Success("MigrateVirtualSystemToHost", ("destination", target.Host.Address),
                ("duration_ms", Text((long)took.TotalMilliseconds)), ("with_storage", Text(!sharedStorage)));
        });

    private async Task<string[]> MovedDisksAsync(HostSession target, CancellationToken ct)
    {
        var disks = await vm.Session.QueryAsync(Wql.SettingsOf("Msvm_StorageAllocationSettingData", vm.VmId), ct);
        return disks.Where(d => d.String("ResourceSubType") == "Microsoft:Hyper-V:Virtual Hard Disk")
            .Select(d => CimXml.Write(d.With(("HostResource", CimValue.Strings(target.Files.HostPath(FileName(d.Strings("HostResource")[0])))))))
            .ToArray();
    }

    private static string FileName(string hostPath) => hostPath[(hostPath.LastIndexOf('\\') + 1)..];
}
