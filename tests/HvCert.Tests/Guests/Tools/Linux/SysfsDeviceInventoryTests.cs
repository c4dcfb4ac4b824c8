using System.Diagnostics;
using HvCert.Guests.Tools.Linux;

namespace HvCert.Tests.Guests.Tools.Linux;

/// <summary>
/// The fork-free inventory command against this machine's real sysfs (a Firecracker/KVM guest with PCI, virtio, ACPI
/// and platform devices): it must print exactly what the earlier fork-per-device command printed, in dash and bash.
/// </summary>
public sealed class SysfsDeviceInventoryTests
{
    [ToolFact("dash", "bash", "readlink")]
    public void Command_RealSysfs_PrintsWhatTheForkPerDeviceCommandPrinted()
    {
        foreach (var shell in new[] { "dash", "bash" })
        {
            var fast = Run(shell, SysfsDeviceInventory.Command);
            var reference = Run(shell, SysfsDeviceInventory.ForkPerDeviceCommand);

            Assert.Equal(reference, fast);
            var devices = SysfsDeviceInventory.Parse(fast);
            Assert.Contains(devices, d => d.Bus == "pci" && d.Id is { } id && id.Contains(':'));
            Assert.Contains(devices, d => d.Driver is not null);
        }
    }

    [ToolFact("dash")]
    public void Command_StartsNoProcessPerDevice()
    {
        // Every tool the loop would fork per device; none may appear in the command (builtins only).
        foreach (var forked in new[] { "$(", "`", "readlink", "cat ", "basename" })
        {
            Assert.DoesNotContain(forked, SysfsDeviceInventory.Command);
        }
    }

    private static string Run(string shell, string command)
    {
        var start = new ProcessStartInfo(shell, ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        // ACPI/platform devices with an empty id file print "" in the old command and "-" in the new one; both parse to no id.
        return string.Join('\n', stdout.Split('\n').Select(l => l.EndsWith(' ') ? l + "-" : l));
    }
}
