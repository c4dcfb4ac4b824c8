using System.Globalization;

namespace HvCert.Suites;

/// <summary>A tunable a probe reads through ProbeContext.Parameter; every value is a whole number.</summary>
/// <param name="MultipleOf">Memory sizes must be multiples of 128 MB (Microsoft's guidance for Dynamic Memory).</param>
public sealed record ParameterSpec(string Name, int Default, int Min, int Max, int MultipleOf = 1)
{
    public string DefaultText => Default.ToString(CultureInfo.InvariantCulture);

    public string Range => MultipleOf > 1 ? $"a multiple of {MultipleOf} between {Min} and {Max}" : $"between {Min} and {Max}";

    public bool Accepts(int value) => value >= Min && value <= Max && value % MultipleOf == 0;
}

/// <summary>
/// The parameters each feature accepts and their defaults. Probes fall back to these same values
/// (HELPERS.md conventions), so a suite that omits them means exactly the defaults.
/// </summary>
public static class SuiteParameters
{
    public const string TimeoutKey = "timeout";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(180);

    private static readonly Dictionary<string, ParameterSpec[]> ByFeature = new(StringComparer.Ordinal)
    {
        ["net.jumbo-frames"] = [new("mtu", 9000, 1280, 65535), new("payload_bytes", 8972, 1, 65507)],
        ["core.accurate-time"] = [new("tolerance_ms", 1, 0, 60000), new("samples", 16, 1, 1000)],
        ["net.vlan"] = [new("vlan_id", 100, 1, 4094)],
        ["net.vrss"] = [new("min_queues", 2, 1, 64)],
        ["memory.hot-add"] = [new("hot_add_mb", 512, 128, 1048576, 128)],
        ["memory.ballooning"] = [new("balloon_reclaim_mb", 256, 128, 1048576, 128)],
        ["memory.runtime-resize"] = [new("resize_mb", 256, 128, 1048576, 128)],
        ["storage.vhdx-resize"] = [new("disk_grow_mb", 64, 1, 1048576)],
    };

    public static IReadOnlyList<ParameterSpec> For(string featureId) =>
        ByFeature.TryGetValue(featureId, out var specs) ? specs : [];

    /// <summary>The flat map a probe gets when the suite sets nothing: defaults plus the timeout.</summary>
    public static Dictionary<string, string> Defaults(string featureId, TimeSpan timeout)
    {
        var map = For(featureId).ToDictionary(p => p.Name, p => p.DefaultText, StringComparer.Ordinal);
        map[TimeoutKey] = Durations.Format(timeout);
        return map;
    }
}
