using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.Trim;

/// <summary>
/// TRIM on FreeBSD: the data disk advertises CANDELETE (kern.geom.disk.DISK.flags), and after the guest fills and then
/// trims it, the host sees the disk file's allocation shrink.
/// </summary>
internal sealed class TrimFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Flags = 3;
    public const int Fill = 4;
    public const int AllocatedFull = 5;
    public const int TrimDisk = 6;
    public const int AllocatedAfter = 7;

    public override string FeatureId => "storage.trim";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.DiscardIgnored];

    public override string NegativeControlNote => "the host ignores discards on the data disk, so its allocation must not shrink";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("data_disk", "da1"), ("trim_mb", "64"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Flags, "sysctl kern.geom.disk.{{data_disk}}.flags", "does the disk accept BIO_DELETE (CANDELETE)"),
        new GuestCommand(Fill, "dd if=/dev/random of=/dev/{{data_disk}} bs=1m count={{trim_mb}} && sync", "fill the start of the data disk"),
        new HostAction<IDiskAllocationFacet>(AllocatedFull, "allocation-full", "host reads the disk file's allocation", Facet.DiskAllocation,
            (f, _, ct) => f.ReadAllocationAsync(ct)),
        new GuestCommand(TrimDisk, "trim -f -l {{trim_mb}}m /dev/{{data_disk}}", "discard the filled range"),
        new HostAction<IDiskAllocationFacet>(AllocatedAfter, "allocation-after", "host reads the allocation again", Facet.DiskAllocation,
            (f, _, ct) => f.ReadAllocationAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Flags, out var flags, out var failure))
        {
            return failure;
        }

        var disk = evidence.Parameter("data_disk", "da1");
        var value = SysctlParser.Parse(flags.Stdout).GetValueOrDefault($"kern.geom.disk.{disk}.flags", "");
        if (!SysctlParser.Flags(value).Contains("CANDELETE"))
        {
            return Verdict.NotSupported($"{disk} does not advertise CANDELETE ({Judging.Clip(value, 80)})");
        }

        if (!evidence.Ran(Fill, out _, out failure) || !evidence.HostOk(AllocatedFull, out var full, out failure)
            || !evidence.Ran(TrimDisk, out _, out failure) || !evidence.HostOk(AllocatedAfter, out var after, out failure))
        {
            return failure;
        }

        var before = full.Number("allocated_bytes");
        var now = after.Number("allocated_bytes");
        var expected = evidence.ParamInt("trim_mb", 64) * 1024.0 * 1024 / 2;
        return before is not null && now is not null && before - now >= expected
            ? Verdict.Supported($"{disk} CANDELETE; host allocation {before / 1048576:0} MiB → {now / 1048576:0} MiB after trim")
            : Verdict.NotSupported($"{disk} advertises CANDELETE but the host allocation went {before?.ToString() ?? "?"} → {now?.ToString() ?? "?"} bytes");
    }
}
