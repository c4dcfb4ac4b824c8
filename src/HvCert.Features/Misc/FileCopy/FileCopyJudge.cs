using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Misc.FileCopy.FileCopyProbe;

namespace HvCert.Features.Misc.FileCopy;

internal static class FileCopyJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Copy, out var copy, out var failure) || !evidence.Ran(Digest, out var digest, out failure))
        {
            return failure;
        }

        var expected = copy.Observation("sha256")?.ToLowerInvariant();
        var seen = Sha256SumParser.Parse(digest.Stdout) is [var first, ..] ? first.Sha256 : null;
        return expected is not null && seen == expected
            ? Verdict.Supported($"{copy.Observation("bytes") ?? "?"} bytes copied host→guest; SHA-256 {expected[..16]}… matches")
            : Verdict.NotSupported($"the guest's SHA-256 {seen ?? "(none)"} differs from the host's {expected ?? "(none)"}");
    }
}
