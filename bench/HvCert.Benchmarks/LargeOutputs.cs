using System.Globalization;
using System.Text;

namespace HvCert.Benchmarks;

/// <summary>
/// Large, realistic guest outputs built from the shapes of the committed samples: a 64-vCPU /proc/interrupts, a 40,000-line
/// kernel log, a FreeBSD devinfo with 256 VMBus children, an lsvmbus listing of a 64-channel NIC.
/// </summary>
internal static class LargeOutputs
{
    public static string ProcInterrupts(int cpus = 64, int lines = 120)
    {
        var sb = new StringBuilder();
        sb.Append("           ");
        for (var c = 0; c < cpus; c++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"CPU{c,-8}");
        }

        sb.Append('\n');
        for (var i = 0; i < lines; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i,4}: ");
            for (var c = 0; c < cpus; c++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{(i * 7919 + c * 104729) % 100000,10} ");
            }

            sb.Append(CultureInfo.InvariantCulture, $"  PCI-MSI 4980{i:D3}-edge      virtio0-input.{i % 8}\n");
        }

        sb.Append("NMI:").Append(string.Concat(Enumerable.Repeat("          3 ", cpus))).Append("  Non-maskable interrupts\n");
        return sb.ToString();
    }

    public static string KernelLog(int lines = 40_000)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var t = (i * 0.013).ToString("0.000000", CultureInfo.InvariantCulture);
            sb.Append(i % 500 == 0
                ? $"[{t,12}] hv_vmbus: Vmbus version:5.3\n"
                : i % 333 == 0
                    ? $"[{t,12}] sd 0:0:0:1: [sdb] {i} 512-byte logical blocks: (5.37 GB/5.00 GiB)\n"
                    : $"[{t,12}] systemd[1]: Started session-{i}.scope - Session {i} of User root.\n");
        }

        return sb.ToString();
    }

    public static string FreeBsdDevinfo(int children = 256)
    {
        var sb = new StringBuilder("nexus0\n  acpi0\n    acpi_syscontainer0 pnpinfo _HID=ACPI0004 _UID=0 _CID=none at handle=\\_SB_.VMOD\n      vmbus0\n          I/O memory addresses:\n              0xf8000000-0xf87fffff\n        hvet0\n");
        for (var i = 0; i < children; i++)
        {
            var name = i % 5 == 0 ? "unknown" : $"hn{i}";
            sb.Append(CultureInfo.InvariantCulture, $"        {name} pnpinfo classid=f8615163-df3e-46c5-913f-f2d2f965ed0e deviceid={new Guid(i, 0, 0, new byte[8]):D}\n");
        }

        return sb.Append("    uart0 pnpinfo _HID=PNP0501 _UID=1 _CID=none at handle=\\_SB_.UAR1\n").ToString();
    }

    public static string Lsvmbus(int channels = 64)
    {
        var sb = new StringBuilder();
        for (var d = 0; d < 16; d++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"VMBUS ID {d,2}: Class_ID = {{f8615163-df3e-46c5-913f-f2d2f965ed0e}} - Synthetic network adapter\n");
            sb.Append(CultureInfo.InvariantCulture, $"\tDevice_ID = {{{new Guid(d, 1, 1, new byte[8]):D}}}\n\tSysfs path: /sys/bus/vmbus/devices/{new Guid(d, 1, 1, new byte[8]):D}\n");
            for (var c = 0; c < channels / 16; c++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\t\tRel_ID={d * 100 + c}, target_cpu={c}\n");
            }
        }

        return sb.ToString();
    }
}
