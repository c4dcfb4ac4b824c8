using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>
/// Discrete Device Assignment (hyperv-wmi.md DDA row; os-win vmutils10.add_pci_device): lease a location path from the
/// inventory's dda_pool, turn the VM off (DDA needs it off, with AutomaticShutdownAction = 2 Turn Off), dismount the device
/// from the host (Msvm_AssignableDeviceService.DismountAssignableDevice), add a Msvm_PciExpressSettingData whose HostResource
/// is the dismounted Msvm_PciExpress, and start the VM again. Teardown mounts the device back on the host.
/// </summary>
internal sealed class PciPassthroughFacet(VmContext vm, DdaPool pool) : IPciPassthroughFacet
{
    public const string PortSubType = "Microsoft:Hyper-V:Virtual Pci Express Port";

    public Task<HostActionResult> AssignDeviceAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "AssignDevice", async () =>
        {
            var location = pool.Lease(vm.Name);
            if (location is null)
            {
                return HostActionResult.NotOffered("AssignDevice", pool.WhyEmpty);
            }

            CimInstanceData vssd;
            CimMethodResult result;
            try
            {
                await VmPower.RequestAsync(vm, VmPower.Off, cancellationToken);
                vssd = await vm.VssdAsync(cancellationToken);
                await vm.Session.ModifySystemAsync(vssd.With(("AutomaticShutdownAction", CimValue.UInt16(2))), cancellationToken);
                var service = await vm.Session.ServiceAsync("Msvm_AssignableDeviceService", cancellationToken);
                var dismount = CimInstanceData.Create("Msvm_AssignableDeviceDismountSettingData",
                    ("DeviceLocationPath", CimValue.Of(location)), ("RequireAcsSupport", CimValue.Of(false)), ("RequireDeviceMitigations", CimValue.Of(false)));
                result = await vm.Session.InvokeAsync(service, "DismountAssignableDevice", cancellationToken, null,
                    new CimArgument("DismountSettingData", CimValue.Of(CimXml.Write(dismount))));
            }
            catch
            {
                // Nothing was taken off the host: the lease goes back, or the cell's retry on a fresh VM (and every later VM of
                // the run) would read "assigned to other VMs" for a device no VM holds.
                pool.Release(location);
                throw;
            }

            var instancePath = result.Out("DismountedDeviceInstancePath")?.Text ?? "";
            vm.DismountedDevices.Add(new DismountedDevice(vm.Session, instancePath, location, () => pool.Release(location)));
            var device = await vm.Session.SingleAsync(Wql.Where("Msvm_PciExpress", "LocationPath", location),
                $"no Msvm_PciExpress with LocationPath {location} after dismounting it", cancellationToken);
            var template = await vm.Session.DefaultResourceAsync("Msvm_PciExpressSettingData", PortSubType, cancellationToken);
            await vm.Session.AddResourceAsync(vssd.Ref, template.With(("HostResource", CimValue.Strings(vm.Session.PathOf(device.Ref)))), cancellationToken);
            await VmPower.RequestAsync(vm, VmPower.Running, cancellationToken);
            vm.Settings["dda.location_path"] = location;
            return HostActionResult.Success("AssignDevice", ("pci", location), ("instance_path", instancePath),
                ("device_id", device.String("DeviceID") ?? ""), ("restarted", "true"));
        });
}

/// <summary>
/// A device this VM took off a host; teardown mounts it back on that host (not the one the VM ends on after a live
/// migration: the device never left its host) and returns it to the pool.
/// </summary>
internal sealed record DismountedDevice(HostSession Host, string InstancePath, string LocationPath, Action Release);

/// <summary>The inventory's dda_pool shared by the VMs of a run: one VM per device at a time.</summary>
internal sealed class DdaPool(IReadOnlyList<string> locations)
{
    private readonly Dictionary<string, string?> owners = locations.ToDictionary(l => l, _ => (string?)null, StringComparer.OrdinalIgnoreCase);

    public string WhyEmpty => $"all {owners.Count} device(s) in dda_pool are assigned to other VMs of this run: add devices or run fewer slots";

    public string? Lease(string vmName)
    {
        lock (owners)
        {
            var free = owners.FirstOrDefault(o => o.Value is null || o.Value == vmName).Key;
            if (free is not null)
            {
                owners[free] = vmName;
            }

            return free;
        }
    }

    public void Release(string location)
    {
        lock (owners)
        {
            owners[location] = null;
        }
    }
}
