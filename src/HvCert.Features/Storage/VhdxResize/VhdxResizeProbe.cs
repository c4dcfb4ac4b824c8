using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.VhdxResize;

/// <summary>VHDX resize: the host grows the attached data disk while the VM runs, and the guest sees the new size without a reboot.</summary>
internal sealed class VhdxResizeProbe : LinuxGuestProbe
{
    public const int Before = 1;
    public const int DiskSize = 2;
    public const int Grow = 3;
    public const int After = 4;
    public const int KernelLog = 5;

    public override string FeatureId => "storage.vhdx-resize";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.ResizeFrozen];

    public override string NegativeControlNote => "the host grows the image but the change never reaches the guest's disk, so the guest keeps the old size";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("disk_grow_mb", "64"), ("resize_wait_s", "30"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Before, $"{DataDisk.Find}; lsblk -b -d -P -o NAME,SIZE,SERIAL /dev/$D", "data disk size before"),
        SettingRead.Of(DiskSize, "data-disk-size", "the data disk size the host configured", ("disk.data_bytes|disk.data.bytes", "data_bytes")),
        new HostAction<IDiskResizeFacet>(Grow, "grow-data-disk", "host grows the data disk by {{disk_grow_mb}} MiB while the VM runs", Facet.DiskResize,
            (f, s, ct) => f.GrowDataDiskAsync(long.Parse(s.Get("data_bytes"), System.Globalization.CultureInfo.InvariantCulture) + (s.Int("disk_grow_mb") * 1024L * 1024), ct)),
        new GuestCommand(After,
            $"{DataDisk.Find}; for i in $(seq {{{{resize_wait_s}}}}); do [ \"$(lsblk -b -dn -o SIZE /dev/$D)\" = \"{{{{new_bytes}}}}\" ] && break; sleep 1; done; lsblk -b -d -P -o NAME,SIZE,SERIAL /dev/$D",
            "data disk size after, waiting up to {{resize_wait_s}} s for the new size", TimeSpan.FromSeconds(90)),
        new GuestCommand(KernelLog, "dmesg | grep -iE 'capacity change|capacity data has changed'", "kernel capacity-change lines", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => VhdxResizeJudge.Judge(evidence);
}
