using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Video.SyntheticVideo.SyntheticVideoProbe;

namespace HvCert.Features.Video.SyntheticVideo;

internal static class SyntheticVideoJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Inventory, out var inventory, out var failure))
        {
            return failure;
        }

        var binding = DeviceBinding.Check(evidence, DeviceRole.Video, SysfsDeviceInventory.Parse(inventory.Stdout));
        if (!binding.Offered)
        {
            return Verdict.NotOffered($"the host offered no display device ({binding.Detail})");
        }

        var drivers = evidence.OfferedDevices.Where(d => d.Role == DeviceRole.Video).SelectMany(d => d.GuestDrivers).ToList();
        var cards = evidence.Command(DrmCards) is { } d ? DrmCardsParser.Parse(d.Stdout) : [];
        var fb = evidence.Command(FbInfo) is { } f ? FramebufferParser.Parse(f.Stdout) : null;
        var card = cards.FirstOrDefault(c => drivers.Any(x => SysfsDeviceInventory.SameDriver(x, c.Driver)));
        var fbBound = fb is not null && drivers.Any(x => fb.Name.StartsWith(x.Replace('_', '-'), StringComparison.OrdinalIgnoreCase)
            || fb.Name.StartsWith(x.Replace('-', '_'), StringComparison.OrdinalIgnoreCase));
        if (!binding.Bound && card is null && !fbBound)
        {
            return Verdict.NotSupported($"{binding.Detail}; no DRM card or framebuffer uses {string.Join("/", drivers)}");
        }

        var shown = card is not null ? $"{card.Card} on {card.Driver}" : $"fb0 '{Judging.Clip(fb?.Name ?? "?", 30)}'";
        if (!evidence.HostOk(Screenshot, out var shot, out failure))
        {
            return failure;
        }

        var (w, h) = (shot.Long("width"), shot.Long("height"));
        if (w is not > 0 || h is not > 0)
        {
            return Verdict.NotSupported($"{shown} but the host's screendump is empty ({shot.Observation("width") ?? "?"}x{shot.Observation("height") ?? "?"})");
        }

        if (fb?.Width is null)
        {
            return Verdict.Caveat($"{shown}; host screendump {w}x{h}, guest resolution unknown (no fb0 virtual_size)");
        }

        return fb.Width == w && fb.Height == h
            ? Verdict.Supported($"{shown}; host screendump {w}x{h} equals the guest's {fb.Width}x{fb.Height}")
            : Verdict.NotSupported($"{shown}; host screendump {w}x{h} but the guest runs {fb.Width}x{fb.Height}");
    }
}
