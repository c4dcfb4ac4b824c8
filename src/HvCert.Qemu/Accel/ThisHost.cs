using HvCert.Qemu.Lab;

namespace HvCert.Qemu.Accel;

/// <summary>The accelerator decision for this machine: its /dev/kvm, CPU flags, name, kernel and QEMU, the user's cache and a real test boot.</summary>
internal static class ThisHost
{
    /// <param name="diskImage">A cached lab image for the test boot's kernel stage, or null when none is built yet.</param>
    public static Task<AcceleratorChoice> ChooseAcceleratorAsync(AcceleratorRequest request, HostDetection host, string? diskImage,
        CancellationToken cancellationToken)
    {
        var facts = new AcceleratorHost(host.KvmPresent, HasVirtualizationFlag(ReadOrEmpty("/proc/cpuinfo")),
            $"{Environment.MachineName} {ReadOrEmpty("/proc/sys/kernel/osrelease").Trim()}", host.QemuVersion ?? "absent");
        return AcceleratorSelector.ChooseAsync(request, facts, new AcceleratorCache(AcceleratorCache.DefaultDirectory()),
            ct => KvmTestBoot.RunAsync(diskImage, TimeProvider.System, ct), TimeProvider.System, cancellationToken);
    }

    /// <summary>Whether a <c>flags</c> line of /proc/cpuinfo names vmx (Intel VT-x) or svm (AMD-V).</summary>
    internal static bool HasVirtualizationFlag(string cpuinfo) =>
        cpuinfo.Split('\n').Where(l => l.StartsWith("flags", StringComparison.Ordinal))
            .Any(l => l.Split(':', 2).ElementAtOrDefault(1)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "vmx" or "svm") == true);

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
