using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;

namespace HvCert.Features.Memory;

/// <summary>
/// Shared judgement of hot-add and runtime resize: MemTotal must grow by the amount the host added, within 128 MiB
/// (block rounding, firmware and crash-kernel reservations). Offline memory blocks are named in the reason.
/// </summary>
internal static class MemoryGrowthJudge
{
    public const long ToleranceKb = 128 * 1024;

    /// <summary>
    /// The guest moved by about what the host asked: within <see cref="ToleranceKb"/>, and by at least half the request so
    /// a small request cannot pass with no change at all.
    /// </summary>
    public static bool NearAsked(long changedKb, long askedKb) =>
        askedKb > 0 && changedKb >= Math.Max(askedKb - ToleranceKb, askedKb / 2) && changedKb <= askedKb + ToleranceKb;

    public static Verdict Judge(ProbeEvidence evidence, int beforeStep, int hostStep, int afterStep, int blocksStep, long addedMb)
    {
        if (!evidence.Ran(beforeStep, out var before, out var failure))
        {
            return failure;
        }

        if (!evidence.HostOk(hostStep, out _, out failure))
        {
            return failure;
        }

        if (!evidence.Ran(afterStep, out var after, out failure))
        {
            return failure;
        }

        var (b, a) = (MemInfoParser.Parse(before.Stdout).MemTotalKb, MemInfoParser.Parse(after.Stdout).MemTotalKb);
        if (b is null || a is null)
        {
            return Verdict.NotSupported("no MemTotal line in /proc/meminfo");
        }

        var grownKb = a.Value - b.Value;
        var expectedKb = addedMb * 1024;
        var blocks = evidence.Command(blocksStep) is { } c ? MemoryBlocksParser.Parse(c.Stdout) : null;
        var offline = blocks is { Offline: > 0 } ? $"; {blocks.Offline} memory block(s) offline (no auto-online rule?)" : string.Empty;
        var facts = $"MemTotal {b / 1024} → {a / 1024} MiB (+{grownKb / 1024} MiB) for {addedMb} MiB added";
        return NearAsked(grownKb, expectedKb)
            ? Verdict.Supported(facts + offline)
            : Verdict.NotSupported($"{facts}: not within 128 MiB{offline}");
    }
}
