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
    /// <summary>
    /// The device-binding preamble shared by judges: step <paramref name="inventoryStep"/> (the sysfs inventory) ran, the
    /// host offered a <paramref name="role"/> device (else Not offered, unless <paramref name="mayBeUnoffered"/>), and the
    /// guest bound it to the backend's driver (else Not supported, naming what the guest has instead).
    /// </summary>
    public static bool BoundDevice(this ProbeEvidence evidence, int inventoryStep, DeviceRole role, out BindingCheck binding, out Verdict failure,
        string? notOfferedWhat = null, bool mayBeUnoffered = false)
    {
        binding = new BindingCheck(false, false, "");
        if (!evidence.Ran(inventoryStep, out var inventory, out failure))
        {
            return false;
        }

        binding = Check(evidence, role, SysfsDeviceInventory.Parse(inventory.Stdout));
        if (!binding.Offered && !mayBeUnoffered)
        {
            failure = Verdict.NotOffered(notOfferedWhat is null ? binding.Detail : $"the host offered no {notOfferedWhat} ({binding.Detail})");
            return false;
        }

        if (binding.Offered && !binding.Bound)
        {
            failure = Verdict.NotSupported(binding.Detail);
            return false;
        }

        return true;
    }

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
            var (ok, detail) = CheckOne(evidence.Backend, device, inventory, taken);
            if (!ok)
            {
                var instead = DeviceIdentity.FoundInstead(role, inventory);
                var kind = instead.Count > 0 && DeviceIdentity.ForeignKind(instead[0]) is { } k ? $" ({k})" : "";
                return new BindingCheck(true, false, instead.Count == 0 ? detail : $"{detail}; the guest has {string.Join(", ", instead)} instead{kind}");
            }

            bound.Add(detail);
        }

        return new BindingCheck(true, true, string.Join("; ", bound));
    }

    // Each offered device needs a guest device of its own: with two NICs of one model, one bound NIC does not cover both.
    // Under Hyper-V only a VMBus offer bound to a Hyper-V driver counts, whatever the offer list says the drivers are.
    private static (bool Ok, string Detail) CheckOne(BackendKind backend, OfferedDevice device, IReadOnlyList<BusDevice> inventory, HashSet<BusDevice> taken)
    {
        var drivers = device.GuestDrivers;
        if (backend == BackendKind.HyperV && device.Role != DeviceRole.PciPassthrough)
        {
            if (!Guid.TryParse(device.Model.Trim('{', '}'), out _))
            {
                return (false, $"the offer list names {device.Model} ({string.Join("/", drivers)}) for {device.Role}, which is not a Hyper-V VMBus device");
            }

            drivers = DeviceIdentity.HyperVDrivers(device.Role) is { Count: > 0 } hv ? hv : drivers;
        }

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
