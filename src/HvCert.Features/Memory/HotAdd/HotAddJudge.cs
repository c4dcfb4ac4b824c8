using HvCert.Features.Common;
using HvCert.Probes;
using static HvCert.Features.Memory.HotAdd.HotAddProbe;

namespace HvCert.Features.Memory.HotAdd;

internal static class HotAddJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        var added = evidence.Host(Add)?.Long("added_mb") ?? evidence.ParamInt("hot_add_mb", 512);
        return MemoryGrowthJudge.Judge(evidence, Before, Add, After, Blocks, added);
    }
}
