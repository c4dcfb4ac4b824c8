using System.Diagnostics;
using HvCert.Qemu.Lab;

namespace HvCert.Qemu.Accel;

/// <summary>
/// A short boot under KVM that must reach the guest: SeaBIOS writes its banner to the debug console (port 0x402)
/// within <see cref="FirmwareLimit"/>, then, when a lab image is cached, GRUB starts its kernel, whose banner
/// ("Linux version") reaches the serial log within <see cref="TotalLimit"/>. On a host whose KVM cannot run a standard
/// guest (kvm-pvm) QEMU spins without either, and is killed: the whole test costs at most about 10 s.
/// </summary>
internal static class KvmTestBoot
{
    public static readonly TimeSpan FirmwareLimit = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan TotalLimit = TimeSpan.FromSeconds(10);
    public const string FirmwareMarker = "SeaBIOS";
    public const string KernelMarker = "Linux version";

    /// <summary>The QEMU arguments of the test boot (pure, unit-tested): no network, no display, a throwaway overlay of the image.</summary>
    /// <param name="accel">kvm; the integration test passes tcg to check the markers against real SeaBIOS and kernel output.</param>
    public static IReadOnlyList<string> Arguments(string dir, string? diskImage, string accel = "kvm")
    {
        List<string> a =
        [
            "-name", "hvcert-kvm-test-boot", "-nodefaults", "-no-user-config", "-display", "none",
            "-machine", "pc", "-accel", accel, .. accel == "kvm" ? new[] { "-cpu", "host" } : [], "-smp", "1", "-m", "512", "-no-reboot",
            "-debugcon", $"file:{Path.Combine(dir, "debugcon.log")}", "-global", "isa-debugcon.iobase=0x402",
            "-serial", $"file:{Path.Combine(dir, "serial.log")}",
        ];
        if (diskImage is not null)
        {
            a.AddRange(["-drive", $"file={diskImage},if=virtio,format=qcow2,snapshot=on"]);
        }

        return a;
    }

    public static async Task<KvmTestBootResult> RunAsync(string? diskImage, TimeProvider time, CancellationToken cancellationToken,
        string accel = "kvm", TimeSpan? firmwareLimit = null, TimeSpan? totalLimit = null)
    {
        var firmwareWait = firmwareLimit ?? FirmwareLimit;
        var totalWait = totalLimit ?? TotalLimit;
        var dir = Path.Combine(Path.GetTempPath(), $"hvcert-kvm-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        var info = new ProcessStartInfo(QemuBackendDefaults.QemuBinary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in Arguments(dir, diskImage, accel))
        {
            info.ArgumentList.Add(arg);
        }

        var started = time.GetTimestamp();
        Process? qemu = null;
        try
        {
            qemu = Process.Start(info);
            if (qemu is null)
            {
                return new(false, "qemu-system-x86_64 could not be started");
            }

            var stderr = qemu.StandardError.ReadToEndAsync(cancellationToken);
            var firmware = await UntilAsync(Path.Combine(dir, "debugcon.log"), FirmwareMarker, firmwareWait, qemu, time, started, cancellationToken);
            if (firmware is not { } firmwareSeconds)
            {
                return new(false, qemu.HasExited
                    ? $"QEMU exited at once: {FirstLine(await stderr)}"
                    : $"no SeaBIOS output on the debug console within {firmwareWait.TotalSeconds:0} s (QEMU was running; killed)");
            }

            if (diskImage is null)
            {
                return new(true, $"SeaBIOS ran after {firmwareSeconds:0.0} s; no lab image is cached yet, so the kernel stage was not tried", Conclusive: false);
            }

            var kernel = await UntilAsync(Path.Combine(dir, "serial.log"), KernelMarker, totalWait, qemu, time, started, cancellationToken);
            return kernel is { } kernelSeconds
                ? new(true, $"SeaBIOS after {firmwareSeconds:0.0} s, the kernel banner on serial after {kernelSeconds:0.0} s")
                : new(false, $"SeaBIOS ran after {firmwareSeconds:0.0} s, but no kernel banner on serial within {totalWait.TotalSeconds:0} s"
                    + (qemu.HasExited ? $" (QEMU exited: {FirstLine(await stderr)})" : " (killed)"));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(false, $"qemu-system-x86_64 could not be started: {e.Message}");
        }
        finally
        {
            if (qemu is { HasExited: false })
            {
                qemu.Kill(entireProcessTree: true);
                await qemu.WaitForExitAsync(CancellationToken.None);
            }

            qemu?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Seconds since <paramref name="started"/> when <paramref name="marker"/> appeared in the file, or null at the limit or when QEMU exited.</summary>
    private static async Task<double?> UntilAsync(string file, string marker, TimeSpan limit, Process qemu, TimeProvider time, long started,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Contains(file, marker))
            {
                return time.GetElapsedTime(started).TotalSeconds;
            }

            if (qemu.HasExited || time.GetElapsedTime(started) >= limit)
            {
                return Contains(file, marker) ? time.GetElapsedTime(started).TotalSeconds : null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private static bool Contains(string file, string marker)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";
}
