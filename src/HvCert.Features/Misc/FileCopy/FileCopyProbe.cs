using System.Security.Cryptography;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.FileCopy;

/// <summary>File copy from host to guest without the network (Hyper-V Guest Services / Copy-VMFile, QEMU guest agent), verified by SHA-256.</summary>
internal sealed class FileCopyProbe : LinuxGuestProbe
{
    public const int Copy = 1;
    public const int Digest = 2;
    public const int Cleanup = 3;
    public const string GuestPath = "/var/tmp/hvcert-file-copy.bin";

    public override string FeatureId => "misc.file-copy";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoGuestAgent];

    public override string NegativeControlNote => "the guest has no file-copy service (QEMU: no guest agent), so the host cannot place the file";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("file_copy_kb", "64"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<IFileCopyFacet>(Copy, "copy-to-guest", "host copies {{file_copy_kb}} KiB of random bytes into the guest", Facet.FileCopy,
            (f, s, ct) => f.CopyToGuestAsync(RandomNumberGenerator.GetBytes(s.Int("file_copy_kb") * 1024), GuestPath, ct)),
        new GuestCommand(Digest, $"sha256sum {GuestPath}", "SHA-256 of the file as the guest sees it"),
        new GuestCommand(Cleanup, $"rm -f {GuestPath}", "remove the copied file", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => FileCopyJudge.Judge(evidence);
}
