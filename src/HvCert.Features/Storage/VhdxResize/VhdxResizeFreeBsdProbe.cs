using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.VhdxResize;

/// <summary>
/// Online disk resize on FreeBSD: the host grows the data disk; after `camcontrol reprobe` the guest's mediasize
/// (diskinfo) matches the new size without a reboot. (Microsoft's note 6: 11.0 needs a GEOM workaround.)
/// </summary>
internal sealed class VhdxResizeFreeBsdProbe : FreeBsdGuestProbe
{
    public const int SizeBefore = 3;
    public const int DiskSize = 4;
    public const int Grow = 5;
    public const int SizeAfter = 6;

    public override string FeatureId => "storage.vhdx-resize";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.ResizeFrozen];

    public override string NegativeControlNote => "the host's resize is refused, so the guest size must not change";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("data_disk", "da1"), ("disk_grow_mb", "64"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(SizeBefore, "diskinfo {{data_disk}} | awk '{print \"mediasize: \" $3}'", "data disk size in bytes before"),
        // Hyper-V's provisioner writes disk.data.bytes (the lab disk.data_bytes): the same read as the Linux probe.
        SettingRead.Of(DiskSize, "data-disk-size", "the data disk size the host configured", ("disk.data_bytes|disk.data.bytes", "data_bytes")),
        new HostAction<IDiskResizeFacet>(Grow, "disk-grow", "host grows the data disk online by {{disk_grow_mb}} MB", Facet.DiskResize,
            (f, s, ct) => f.GrowDataDiskAsync(long.Parse(s.Get("data_bytes"), System.Globalization.CultureInfo.InvariantCulture) + (s.Int("disk_grow_mb") * 1024L * 1024L), ct)),
        new GuestCommand(SizeAfter, "camcontrol reprobe {{data_disk}}; sleep 2; diskinfo {{data_disk}} | awk '{print \"mediasize: \" $3}'", "data disk size after a reprobe"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(SizeBefore, out var before, out var failure) || !evidence.HostOk(Grow, out var grow, out failure)
            || !evidence.Ran(SizeAfter, out var after, out failure))
        {
            return failure;
        }

        var oldSize = Size(before.Stdout);
        var newSize = Size(after.Stdout);
        var expected = (long?)grow.Number("new_bytes");
        if (oldSize is null || newSize is null)
        {
            return Verdict.Error($"cannot read diskinfo mediasize ('{Judging.FirstLine(before.Stdout)}', '{Judging.FirstLine(after.Stdout)}')");
        }

        return expected is not null && newSize == expected
            ? Verdict.Supported($"guest sees {newSize} bytes after the online resize (was {oldSize})")
            : Verdict.NotSupported($"guest size {newSize} bytes after the host grew the disk to {expected?.ToString() ?? "?"} (was {oldSize})");
    }

    private static long? Size(string text) =>
        SysctlParser.Parse(text).TryGetValue("mediasize", out var v) && long.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
