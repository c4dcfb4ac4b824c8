using HvCert.Catalog;

namespace HvCert.Probes;

/// <summary>
/// Extension point: where the runner and the offline re-judge find the probe of a feature for a guest OS family.
/// Implemented by HvCert.Features' ProbeRegistry (an explicit list, no scanning).
/// </summary>
public interface IProbeCatalog
{
    /// <summary>The probe for <paramref name="featureId"/> on <paramref name="os"/>, or null when none exists (the cell is then Skipped).</summary>
    IProbe? Find(string featureId, OsFamily os);
}
