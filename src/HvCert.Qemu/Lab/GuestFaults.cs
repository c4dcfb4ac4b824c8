using HvCert.Hosts;

namespace HvCert.Qemu.Lab;

/// <summary>
/// Negative-control faults that no QEMU option expresses, set inside the guest as root the first time SSH answers,
/// before the clean snapshot (so every revert keeps them):
/// <list type="bullet">
/// <item><see cref="VmFault.StorageDriverBlocked"/>: the data-disk controller is unbound from virtio_scsi and the module
/// is refused from then on; the boot disk stays on virtio-blk.</item>
/// <item><see cref="VmFault.NicDriverBlocked"/>: the peer NIC is unbound from virtio_net; SSH stays on the first NIC,
/// which shares the driver, so the driver itself cannot be blacklisted.</item>
/// <item><see cref="VmFault.ShutdownIgnored"/>: systemd-logind is told to ignore the ACPI power button, the lab's shutdown request.</item>
/// </list>
/// </summary>
internal static class GuestFaults
{
    public static string? Script(LaunchOptions options, IReadOnlyDictionary<string, string> settings)
    {
        var parts = new List<string>();
        if (options.Has(VmFault.StorageDriverBlocked))
        {
            parts.Add("echo 'install virtio_scsi /bin/false' > /etc/modprobe.d/hvcert-fault.conf; n=0; "
                + "for d in /sys/bus/virtio/drivers/virtio_scsi/virtio*; do [ -e \"$d\" ] || continue; echo -n \"${d##*/}\" > /sys/bus/virtio/drivers/virtio_scsi/unbind && n=$((n+1)); done; "
                + "[ \"$n\" -gt 0 ] || { echo 'no device was bound to virtio_scsi' >&2; exit 4; }");
        }

        if (options.Has(VmFault.NicDriverBlocked))
        {
            var mac = settings.TryGetValue("peer.nic.mac", out var m) ? m
                : throw new InfrastructureException("NicDriverBlocked needs the lab's second NIC (the peer network, which needs root)");
            parts.Add($"n=0; for i in /sys/class/net/*; do [ \"$(cat \"$i/address\")\" = \"{mac}\" ] || continue; d=$(readlink -f \"$i/device\"); "
                + "echo -n \"${d##*/}\" > /sys/bus/virtio/drivers/virtio_net/unbind && n=1; done; "
                + $"[ \"$n\" = 1 ] || {{ echo 'no NIC with MAC {mac} was bound to virtio_net' >&2; exit 4; }}");
        }

        if (options.Has(VmFault.ShutdownIgnored))
        {
            parts.Add("mkdir -p /etc/systemd/logind.conf.d && printf '[Login]\\nHandlePowerKey=ignore\\n' > /etc/systemd/logind.conf.d/hvcert-fault.conf "
                + "&& systemctl restart systemd-logind");
        }

        return parts.Count == 0 ? null : "set -e; " + string.Join("; ", parts);
    }
}
