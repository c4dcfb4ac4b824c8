using HvCert.Evidence;

namespace HvCert.Running;

/// <summary>
/// Extension point: shows a run as it happens. It consumes the same event stream that goes to evidence.jsonl,
/// plus transient status text per VM (booting, reverting) that is not evidence.
/// </summary>
internal interface IRunProgress
{
    void Observe(EvidenceEvent evidence);

    void Status(string vmKey, string text);
}

/// <summary>For tests and for callers who want no output.</summary>
internal sealed class SilentProgress : IRunProgress
{
    public void Observe(EvidenceEvent evidence)
    {
    }

    public void Status(string vmKey, string text)
    {
    }
}
