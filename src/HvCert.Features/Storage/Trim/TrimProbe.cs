using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.Trim;

/// <summary>
/// TRIM: fill a file system on the data disk, delete the file, fstrim it, and require both the guest's "bytes trimmed" and
/// the host-side allocation of the disk image shrinking. A guest that trims into a disk that ignores discard passes the
/// first half only; that is the negative control.
/// </summary>
internal sealed class TrimProbe : LinuxGuestProbe
{
    public const int Discard = 1;
    public const int Fill = 2;
    public const int AllocatedFull = 3;
    public const int Fstrim = 4;
    public const int AllocatedTrimmed = 5;
    public const string Mount = "/mnt/hvcert-trim";

    public override string FeatureId => "storage.trim";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.DiscardIgnored];

    public override string NegativeControlNote => "the data disk ignores discard requests, so fstrim may report bytes but the image does not shrink";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("trim_fill_mb", "64"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Discard, $"{DataDisk.Find}; lsblk -b -d -P -o NAME,DISC-GRAN,DISC-MAX /dev/$D", "discard limits the data disk advertises"),
        new GuestCommand(Fill,
            $"{DataDisk.Find}; mkfs.ext4 -q -F -E nodiscard /dev/$D && mkdir -p {Mount} && mount -o nodiscard /dev/$D {Mount} && " +
            $"dd if=/dev/urandom of={Mount}/fill bs=1M count={{{{trim_fill_mb}}}} conv=fsync status=none && sync && echo filled",
            "file system on the data disk, filled with {{trim_fill_mb}} MiB of random data", TimeSpan.FromSeconds(180)),
        new HostAction<IDiskAllocationFacet>(AllocatedFull, "read-allocation", "host allocation of the data disk image while full", Facet.DiskAllocation,
            (f, _, ct) => f.ReadAllocationAsync(ct)),
        new GuestCommand(Fstrim, $"rm -f {Mount}/fill && sync && fstrim -v {Mount}; rc=$?; umount {Mount}; exit $rc",
            "delete the file and trim the file system", TimeSpan.FromSeconds(180)),
        new HostAction<IDiskAllocationFacet>(AllocatedTrimmed, "read-allocation", "host allocation of the data disk image after fstrim", Facet.DiskAllocation,
            (f, _, ct) => f.ReadAllocationAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => TrimJudge.Judge(evidence);
}
