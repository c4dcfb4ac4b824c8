namespace HvCert.Guests.Tools.Linux;

/// <summary>A DRM card and the driver bound to its device (bochs-drm, virtio_gpu, hyperv_drm, …).</summary>
internal sealed record DrmCard(string Card, string Driver);

/// <summary>
/// Output of <c>for c in /sys/class/drm/card[0-9]; do echo "${c##*/} $(basename "$(readlink -f $c/device/driver)")"; done</c>:
/// one "card0 bochs-drm" line per card.
/// </summary>
internal static class DrmCardsParser
{
    public static IReadOnlyList<DrmCard> Parse(string text) =>
        ToolText.Lines(text).Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2 && p[0].StartsWith("card", StringComparison.Ordinal) && p[1] != "driver" && p[1] != ".")
            .Select(p => new DrmCard(p[0], p[1])).ToList();
}

internal sealed record Framebuffer(string Name, int? Width, int? Height);

/// <summary>
/// Output of <c>cat /sys/class/graphics/fb0/name /sys/class/graphics/fb0/virtual_size</c>: the driver name
/// ("hyperv_fb", "bochs-drmdrmfb", "virtio_gpudrmfb", "EFI VGA") then "1024,768".
/// </summary>
internal static class FramebufferParser
{
    public static Framebuffer? Parse(string text)
    {
        var lines = ToolText.Lines(text).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains("No such file", StringComparison.Ordinal)).ToList();
        if (lines.Count == 0)
        {
            return null;
        }

        int? w = null, h = null;
        var size = lines.Skip(1).Select(l => l.Split(',')).FirstOrDefault(p => p.Length == 2);
        if (size is not null && ToolText.Long(size[0]) is { } x && ToolText.Long(size[1]) is { } y)
        {
            (w, h) = ((int)x, (int)y);
        }

        return new Framebuffer(lines[0], w, h);
    }
}
