using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.FileCopy;

/// <summary>
/// Host-to-guest file copy on FreeBSD: the Guest Services channel (34d14be3) needs a driver FreeBSD lacks, so real guests
/// show it as `unknown` and the judge says Not supported; a guest that had one must also show the copied file's sha256.
/// </summary>
internal sealed class FileCopyFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Copy = 3;
    public const int Hash = 4;

    public override string FeatureId => "misc.file-copy";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoGuestAgent];

    public override string NegativeControlNote => "the guest services channel is absent";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<IFileCopyFacet>(Copy, "copy-to-guest", "host copies 64 KiB of random bytes to /tmp/hvcert-copy.bin", Facet.FileCopy,
            (f, _, ct) => f.CopyToGuestAsync(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64 * 1024), "/tmp/hvcert-copy.bin", ct)),
        new GuestCommand(Hash, "sha256 -q /tmp/hvcert-copy.bin", "sha256 of the copied file"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.FileCopy, out var detail, out var failure) || !evidence.HostOk(Copy, out var copy, out failure)
            || !evidence.Ran(Hash, out var hash, out failure))
        {
            return failure;
        }

        var expected = copy.Observation("sha256") ?? "";
        return string.Equals(hash.Stdout.Trim(), expected, StringComparison.OrdinalIgnoreCase) && expected.Length == 64
            ? Verdict.Supported($"sha256 {expected[..12]}… matches; {detail}")
            : Verdict.NotSupported($"guest sha256 {Judging.Clip(hash.Stdout, 16)} differs from the host's {Judging.Clip(expected, 16)}");
    }
}
