using HvCert.Evidence;
using HvCert.Guests;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// "Is the VMBus device the host offered attached to a FreeBSD driver?" from `devinfo -rv` (classid lines), falling back
/// to the boot log for releases whose devinfo has no pnpinfo (10.x: <c>hyperv-utilsN: Hyper-V Service attaching: …</c>).
/// An offered device listed as <c>unknown pnpinfo classid=…</c> is offered but has no driver: Not supported, not Not offered.
/// </summary>
internal static class FreeBsdBinding
{
    /// <summary>Legacy hyperv-utils service names by role, as the 10.x driver printed them.</summary>
    private static readonly Dictionary<DeviceRole, string> LegacyServices = new()
    {
        [DeviceRole.Heartbeat] = "Heartbeat",
        [DeviceRole.KeyValue] = "KVP",
        [DeviceRole.Shutdown] = "Shutdown",
        [DeviceRole.TimeSync] = "Time Synch",
    };

    public static BindingCheck Check(ProbeEvidence evidence, DeviceRole role, CommandRan devinfo, CommandRan? bootLog = null)
    {
        var offered = evidence.OfferedDevices.Where(d => d.Role == role).ToList();
        var report = DevinfoParser.Parse(devinfo.Stdout);
        var boot = bootLog is null ? null : FreeBsdDmesgParser.Parse(bootLog.Stdout);
        if (offered.Count == 0 && evidence.OfferedDevices.Count == 0)
        {
            // The host's offer list is unknown: a VMBus child of the role's class in the guest's own devinfo proves the
            // host offered it, so an unattached one is Not supported (not Not offered).
            var seen = VmbusClasses.ForRole(role).Where(c => report.Offered(c.ClassId).Any()).ToList();
            offered = seen.Select(c => new OfferedDevice(role, c.ClassId.ToString("D"), c.FreeBsdDrivers, Detail: "seen in the guest's devinfo")).ToList();
            if (offered.Count == 0)
            {
                return new BindingCheck(false, false, $"the host's offer list is unknown and the guest's devinfo shows no {role} device on vmbus0");
            }
        }

        if (offered.Count == 0)
        {
            return new BindingCheck(false, false, $"the host offered no {role} device");
        }

        var details = new List<string>();
        foreach (var device in offered)
        {
            if (!Guid.TryParse(device.Model.Trim('{', '}'), out var classId))
            {
                return new BindingCheck(true, false, $"{device.Model} is not a VMBus device: FreeBSD guests are judged on Hyper-V only");
            }

            var (ok, detail) = CheckOne(role, classId, report, boot);
            if (!ok)
            {
                return new BindingCheck(true, false, detail);
            }

            details.Add(detail);
        }

        return new BindingCheck(true, true, string.Join("; ", details));
    }

    private static (bool Ok, string Detail) CheckOne(DeviceRole role, Guid classId, DevinfoReport report, FreeBsdBootLog? boot)
    {
        var drivers = VmbusClasses.Find(classId)?.FreeBsdDrivers ?? [];
        var children = report.Offered(classId).ToList();
        var attached = children.FirstOrDefault(c => c.Driver is { } d && drivers.Contains(d));
        if (attached is not null)
        {
            return (true, $"VMBus {classId:D} attached to {attached.Name}");
        }

        if (children.Count > 0)
        {
            return (false, drivers.Count == 0
                ? $"VMBus {classId:D} ({role}) is offered but FreeBSD has no driver for it (devinfo: {children[0].Name} pnpinfo classid={classId:D})"
                : $"VMBus {classId:D} ({role}) is offered but not attached (devinfo: {children[0].Name}; expected {string.Join("/", drivers)})");
        }

        if (boot is not null && LegacyServices.TryGetValue(role, out var service) && boot.HasLegacyService(service))
        {
            return (true, $"boot log: hyperv-utils attached the {service} service (pre-11 driver names)");
        }

        if (boot is not null && drivers.Select(boot.Attached).FirstOrDefault(a => a is not null && a.Parent.StartsWith("vmbus", StringComparison.Ordinal)) is { } attach)
        {
            return (true, $"boot log: {attach.Device} <{attach.Description}> on {attach.Parent}");
        }

        return report.HasVmbus
            ? (false, $"the host offered VMBus {classId:D} ({role}) but vmbus0 has no such child")
            : (false, "devinfo shows no vmbus0: the Hyper-V VMBus driver did not attach");
    }
}
