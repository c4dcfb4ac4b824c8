namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// A DDA device as the Linux guest shows it: pci-hyperv opens the pass-through VMBus channel and makes a PCI domain from bytes
/// 4-5 of its instance GUID, in the two kernel lines of dmesg/wsl2-hyperv-hv_pci.txt ("PCI VMBus probing", "PCI host bridge to
/// bus DDDD:00"); the device sits at DDDD:00:00.0 with its driver bound. SYNTHETIC: the lspci -nn -k lines (no public capture
/// of a DDA'd device's lspci -k was found): class, name and driver of the one device the twin hosts offer (15b3:1015, pci.ids
/// "MT27710 Family [ConnectX-4 Lx]", bound by mlx5_core); another device shows as pci.ids' unnamed form, without a driver.
/// </summary>
internal static partial class LinuxGuest
{
    private static string Domain(string instanceId) => instanceId.Split('-')[1];

    private static string PassthroughLspci(GuestWorld w) => string.Concat(w.PassedThrough.Select(d => d.VendorDevice == "15b3:1015"
        ? $"{Domain(d.InstanceId)}:00:00.0 Ethernet controller [0200]: Mellanox Technologies MT27710 Family [ConnectX-4 Lx] [15b3:1015]\n\tKernel driver in use: mlx5_core\n\tKernel modules: mlx5_core\n"
        : $"{Domain(d.InstanceId)}:00:00.0 Non-VGA unclassified device [0000]: Device [{d.VendorDevice}]\n"));

    private static IEnumerable<string> PassthroughKernelLines(GuestWorld w)
    {
        foreach (var d in w.PassedThrough)
        {
            yield return $"[    0.510378] hv_pci {d.InstanceId}: PCI VMBus probing: Using version 0x10004";
            yield return $"[    0.535878] hv_pci {d.InstanceId}: PCI host bridge to bus {Domain(d.InstanceId)}:00";
        }
    }
}
