using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>The answer to "is the device the host offered bound to its guest driver?".</summary>
internal sealed record BindingCheck(bool Offered, bool Bound, string Detail);

/// <summary>
/// Compares the host's offered devices (ProbeEvidence.OfferedDevices: role → model, guest drivers) with the guest's
/// sysfs inventory (<see cref="SysfsDeviceInventory"/>). VMBus offers are matched by class GUID and must carry one of the
/// expected drivers; other devices must show up (PCI vendor:device when given) and have one of the drivers bound.
/// Nothing here names a hypervisor: the expectations come from the backend that offered the device.
/// </summary>
internal static class DeviceBinding
{
    public static BindingCheck Check(ProbeEvidence evidence, DeviceRole role, IReadOnlyList<BusDevice> inventory)
    {
        var offered = evidence.OfferedDevices.Where(d => d.Role == role).ToList();
        if (offered.Count == 0)
        {
            return new BindingCheck(false, false, $"the host offered no {role} device");
        }

        var bound = new List<string>();
        foreach (var device in offered)
        {
            var (ok, detail) = CheckOne(device, inventory);
            if (!ok)
            {
                return new BindingCheck(true, false, detail);
            }

            bound.Add(detail);
        }

        return new BindingCheck(true, true, string.Join("; ", bound));
    }

    private static (bool Ok, string Detail) CheckOne(OfferedDevice device, IReadOnlyList<BusDevice> inventory)
    {
        var drivers = device.GuestDrivers;
        var expected = drivers.Count == 0 ? "(no driver needed)" : string.Join("/", drivers);
        if (Guid.TryParse(device.Model.Trim('{', '}'), out var classId))
        {
            var guid = classId.ToString("D");
            var channels = inventory.Where(d => d.Bus == "vmbus" && d.Id == guid).ToList();
            if (channels.Count == 0)
            {
                return (false, $"the host offered VMBus device {guid} ({device.Role}) but the guest's vmbus bus has no such device");
            }

            var hit = channels.FirstOrDefault(c => c.Driver is { } drv && drivers.Any(x => SysfsDeviceInventory.SameDriver(x, drv)));
            return hit is not null || drivers.Count == 0
                ? (true, $"VMBus {guid} bound to {hit?.Driver ?? expected}")
                : (false, $"VMBus {guid} ({device.Role}) is bound to {channels[0].Driver ?? "no driver"}, expected {expected}");
        }

        if (device.PciVendorDevice is { } vd)
        {
            var id = SysfsDeviceInventory.NormalizeId(vd);
            if (!inventory.Any(d => d.Bus == "pci" && d.Id == id))
            {
                return (false, $"the host offered PCI {id} ({device.Model}) but the guest's PCI bus has no such device");
            }
        }

        if (drivers.Count == 0)
        {
            return (true, $"{device.Model} present");
        }

        var match = inventory.FirstOrDefault(d => d.Driver is { } drv && drivers.Any(x => SysfsDeviceInventory.SameDriver(x, drv)));
        return match is not null
            ? (true, $"{device.Model} bound to {match.Driver} ({match.Bus} {match.Device})")
            : (false, $"{device.Model} ({device.Role}) offered but no guest device is bound to {expected}");
    }
}
