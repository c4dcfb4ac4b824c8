using HvCert.Planning;

namespace HvCert.Evidence;

/// <summary>
/// What the JSON contract cannot say: enum values in range (<c>"generation": 3</c>, <c>"verdict": "Maybe"</c>), attempts
/// and steps from 1, no null inside lists and maps. Nulls in required fields are refused by the serializer itself
/// (<see cref="EvidenceJson.Line"/> respects nullable annotations).
/// </summary>
internal static class EvidenceChecks
{
    public static string? Problem(EvidenceEvent e) => e switch
    {
        RunStarted s => Enum(s.Backend, "backend") ?? NoNulls(s.MergedFrom, "mergedFrom"),
        VmProvisioned v => Enum(v.Generation, "generation") ?? Enum(v.Os, "os") ?? NoNulls(v.Faults, "faults")
            ?? NoNulls(v.OfferedDevices, "offeredDevices") ?? NoNulls(v.Settings, "settings"),
        VmProvisionFailed f => Enum(f.Generation, "generation"),
        GuestFactsRecorded g => Enum(g.Generation, "generation") ?? NoNulls(g.Packages, "packages") ?? NoNulls(g.Raw, "raw"),
        ProbeStarted p => Cell(p.Cell) ?? Attempt(p.Attempt) ?? NoNulls(p.Parameters, "parameters"),
        CommandRan c => Cell(c.Cell) ?? Attempt(c.Attempt),
        HostActionDone h => Cell(h.Cell) ?? Attempt(h.Attempt) ?? NoNulls(h.Observations, "observations"),
        ProbeJudged j => Cell(j.Cell) ?? Attempt(j.Attempt) ?? Enum(j.Verdict, "verdict"),
        HostFactsRecorded h => h.Facts is null ? "facts is null" : null,
        _ => null,
    };

    private static string? Cell(CellKey cell) =>
        Enum(cell.Generation, "cell.generation")
        ?? (cell.Target.Length == 0 || cell.FeatureId.Length == 0 ? "cell has an empty target or featureId" : null);

    private static string? Attempt(int attempt) => attempt >= 1 ? null : $"attempt {attempt} is not 1 or more";

    private static string? Enum<T>(T value, string name)
        where T : struct, System.Enum =>
        System.Enum.IsDefined(value) ? null : $"{name} '{value}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}";

    private static string? NoNulls<T>(IEnumerable<T>? items, string name) =>
        items is null ? $"{name} is null" : items.Any(i => i is null) ? $"{name} holds null" : null;

    private static string? NoNulls(IReadOnlyDictionary<string, string>? map, string name) =>
        map is null ? $"{name} is null" : map.Values.Any(v => v is null) ? $"{name} holds a null value" : null;
}
