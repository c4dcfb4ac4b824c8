using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Misc.Kvp.KvpProbe;

namespace HvCert.Features.Misc.Kvp;

internal static class KvpJudge
{
    /// <summary>Guest items that carry the guest's name: Hyper-V intrinsic FullyQualifiedDomainName, the QEMU agent's HostName.</summary>
    private static readonly string[] NameItems = ["FullyQualifiedDomainName", "HostName", "host-name"];

    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Write, out var write, out var failure))
        {
            return failure;
        }

        var value = write.Observation("value");
        if (!evidence.Ran(ReadInGuest, out var read, out failure))
        {
            return failure;
        }

        var inGuest = evidence.Backend == BackendKind.HyperV
            ? KvpPoolParser.ParseBase64(read.Stdout) is { Readable: true } pool ? pool.Value(Key) : null
            : read.Stdout.TrimEnd('\n');
        if (value is null || inGuest != value)
        {
            return Verdict.NotSupported($"host wrote {Key}={value ?? "?"} but the guest reads {(inGuest is null ? "no such item" : "'" + Judging.Clip(inGuest, 40) + "'")}");
        }

        if (!evidence.Ran(GuestName, out var name, out failure) || !evidence.HostOk(ReadOnHost, out var items, out failure))
        {
            return failure;
        }

        var hostname = name.Stdout.Trim();
        var seen = NameItems.Select(items.Observation).FirstOrDefault(v => v is not null);
        var matches = seen is not null && hostname.Length > 0
            && (seen == hostname || seen.StartsWith(hostname + ".", StringComparison.OrdinalIgnoreCase));
        return matches
            ? Verdict.Supported($"host→guest: {Key} read back in the guest; guest→host: the host reads the guest's name '{Judging.Clip(seen!, 40)}'")
            : Verdict.NotSupported($"host→guest works but the host reads guest name '{Judging.Clip(seen ?? "none", 40)}' while the guest is '{Judging.Clip(hostname, 40)}'");
    }
}
