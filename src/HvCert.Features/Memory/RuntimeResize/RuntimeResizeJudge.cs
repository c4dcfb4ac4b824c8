using HvCert.Features.Common;
using HvCert.Probes;
using static HvCert.Features.Memory.RuntimeResize.RuntimeResizeProbe;

namespace HvCert.Features.Memory.RuntimeResize;

internal static class RuntimeResizeJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        var requested = evidence.Host(Resize)?.Long("requested_mb");
        var start = evidence.Host(Assigned)?.Long("memory_mb");
        var added = requested is { } r && start is { } s ? r - s : evidence.ParamInt("resize_mb", 256);
        return MemoryGrowthJudge.Judge(evidence, Before, Resize, After, Blocks, added);
    }
}
