using System.Text;
using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>Absolute pointer moves with QMP <c>input-send-event</c> (axes 0..32767, as the tablet reports them).</summary>
internal sealed class QemuMouseFacet(QemuVm vm) : IMouseFacet
{
    public Task<HostActionResult> MovePointerAsync(int x, int y, CancellationToken cancellationToken) =>
        RunAsync("input-send-event", vm.Lab.Time, async () =>
        {
            var events = new JsonArray(
                new JsonObject { ["type"] = "abs", ["data"] = new JsonObject { ["axis"] = "x", ["value"] = x } },
                new JsonObject { ["type"] = "abs", ["data"] = new JsonObject { ["axis"] = "y", ["value"] = y } });
            await vm.Qmp.ExecuteAsync("input-send-event", new JsonObject { ["events"] = events }, null, cancellationToken);
            return HostActionResult.Success("input-send-event", Obs("x", x), Obs("y", y));
        });
}

/// <summary>QMP <c>screendump</c> to a PPM file whose header gives the guest's display size.</summary>
internal sealed class QemuVideoFacet(QemuVm vm) : IVideoFacet
{
    public Task<HostActionResult> ScreenshotAsync(CancellationToken cancellationToken) =>
        RunAsync("screendump", vm.Lab.Time, async () =>
        {
            var path = vm.Options.Files.ScreenDump;
            await vm.Qmp.ExecuteAsync("screendump", new JsonObject { ["filename"] = path }, null, cancellationToken);
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            File.Delete(path);
            var (width, height) = PpmSize(bytes);
            return HostActionResult.Success("screendump", Obs("width", width), Obs("height", height), Obs("screenshot_bytes", bytes.Length));
        });

    /// <summary>Width and height from a binary PPM header (<c>P6\n640 480\n255\n</c>).</summary>
    internal static (int Width, int Height) PpmSize(byte[] ppm)
    {
        var header = Encoding.ASCII.GetString(ppm, 0, Math.Min(64, ppm.Length));
        var tokens = header.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length >= 3 && tokens[0] == "P6" ? (int.Parse(tokens[1]), int.Parse(tokens[2])) : throw new InvalidOperationException("screendump did not produce a P6 PPM");
    }
}

/// <summary>The host's view of the guest's PCI buses (QMP <c>query-pci</c>).</summary>
internal sealed class QemuDeviceBusFacet(QemuVm vm) : IDeviceBusFacet
{
    public Task<HostActionResult> ListDevicesAsync(CancellationToken cancellationToken) =>
        RunAsync("query-pci", vm.Lab.Time, async () =>
        {
            var buses = await vm.Qmp.ExecuteAsync("query-pci", null, null, cancellationToken);
            var devices = new List<string>();
            foreach (var bus in buses.EnumerateArray())
            {
                Collect(bus.GetProperty("devices"), devices);
            }

            var obs = devices.Select((d, i) => Obs($"dev.{i}", d)).Prepend(Obs("count", devices.Count)).ToArray();
            return HostActionResult.Success("query-pci", obs);
        });

    private static void Collect(System.Text.Json.JsonElement list, List<string> into)
    {
        foreach (var d in list.EnumerateArray())
        {
            var id = d.GetProperty("id");
            into.Add($"{d.GetProperty("bus").GetInt32():x2}:{d.GetProperty("slot").GetInt32():x2}.{d.GetProperty("function").GetInt32()} "
                + $"{id.GetProperty("vendor").GetInt32():x4}:{id.GetProperty("device").GetInt32():x4} {d.GetProperty("qdev_id").GetString()}");
            if (d.TryGetProperty("pci_bridge", out var bridge) && bridge.TryGetProperty("devices", out var below))
            {
                Collect(below, into);
            }
        }
    }
}

/// <summary>Firmware as configured: SeaBIOS (Gen1) or OVMF with or without Microsoft's Secure Boot keys (Gen2), and the MMIO gap.</summary>
internal sealed class QemuFirmwareFacet(QemuVm vm) : IFirmwareFacet
{
    public Task<HostActionResult> DescribeFirmwareAsync(CancellationToken cancellationToken)
    {
        var s = vm.Settings;
        var template = vm.Options.Uefi
            ? Path.GetFileName(s["secure_boot"] == "true" ? vm.Options.Firmware.VarsMicrosoftKeys : vm.Options.Firmware.VarsEmpty)
            : "seabios";
        return Task.FromResult(HostActionResult.Success("describe-firmware", Obs("firmware", s["firmware"]), Obs("secure_boot", s["secure_boot"]),
            Obs("template", template), Obs("low_mmio_gap_mb", s.GetValueOrDefault("mmio.low_gap_mb") ?? "default")));
    }
}
