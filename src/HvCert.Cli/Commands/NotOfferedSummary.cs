namespace HvCert.Cli.Commands;

/// <summary>
/// Not offered cells grouped by their reason, each reason once with its cell count and features: when most of a run is
/// Not offered, one missing host piece is usually the cause, and 66 identical reasons in a table hide it.
/// </summary>
internal static class NotOfferedSummary
{
    private const int FeaturesShown = 6;

    /// <summary>The grouped lines when more than half of <paramref name="totalCells"/> are Not offered; otherwise none.</summary>
    public static IReadOnlyList<string> WhenMost(IReadOnlyCollection<(string FeatureId, string Reason)> notOffered, int totalCells) =>
        notOffered.Count * 2 > totalCells
            ? [$"{notOffered.Count} of {totalCells} cells are Not offered by this host; by reason:", .. Grouped(notOffered)]
            : [];

    /// <summary>One line per distinct reason, most cells first: "66 cells (33 features: core.shutdown, ... and 27 more): REASON".</summary>
    public static IReadOnlyList<string> Grouped(IEnumerable<(string FeatureId, string Reason)> notOffered) =>
        notOffered.GroupBy(c => c.Reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var features = g.Select(c => c.FeatureId).Distinct(StringComparer.Ordinal).ToList();
                var named = string.Join(", ", features.Take(FeaturesShown))
                    + (features.Count > FeaturesShown ? $" and {features.Count - FeaturesShown} more" : "");
                return $"  {g.Count()} {(g.Count() == 1 ? "cell" : "cells")} ({features.Count} {(features.Count == 1 ? "feature" : "features")}: {named}): {g.Key}";
            })
            .ToList();
}
