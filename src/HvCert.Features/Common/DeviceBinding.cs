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
        var taken = new HashSet<BusDevice>(ReferenceEqualityComparer.Instance);
        foreach (var device in offered)
        {
            var (ok, detail) = CheckOne(device, inventory, taken);
            if (!ok)
            {
                return new BindingCheck(true, false, detail);
            }

            bound.Add(detail);
        }

        return new BindingCheck(true, true, string.Join("; ", bound));
    }

    // Each offered device needs a guest device of its own: with two NICs of one model, one bound NIC does not cover both.
    private static (bool Ok, string Detail) CheckOne(OfferedDevice device, IReadOnlyList<BusDevice> inventory, HashSet<BusDevice> taken)
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

            var hit = channels.FirstOrDefault(c => !taken.Contains(c) && c.Driver is { } drv && drivers.Any(x => SysfsDeviceInventory.SameDriver(x, drv)));
            if (hit is not null)
            {
                taken.Add(hit);
            }

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

        var match = inventory.FirstOrDefault(d => !taken.Contains(d) && d.Driver is { } drv && drivers.Any(x => SysfsDeviceInventory.SameDriver(x, drv)));
        if (match is null)
        {
            var others = taken.Count(d => d.Driver is { } drv && drivers.Any(x => SysfsDeviceInventory.SameDriver(x, drv)));
            return (false, others == 0
                ? $"{device.Model} ({device.Role}) offered but no guest device is bound to {expected}"
                : $"{device.Model} ({device.Role}) offered once more than the guest has devices bound to {expected} ({others} bound)");
        }

        taken.Add(match);
        return (true, $"{device.Model} bound to {match.Driver} ({match.Bus} {match.Device})");
    }
}
