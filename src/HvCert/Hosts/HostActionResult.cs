namespace HvCert.Hosts;

/// <summary>
/// The outcome of one host-side action (QMP command, WMI method), recorded verbatim as evidence.
/// <paramref name="Observations"/> holds the values a judge reads, e.g. <c>allocated_bytes</c> or <c>exit</c>.
/// </summary>
public sealed record HostActionResult(
    string Action,
    bool Ok,
    IReadOnlyDictionary<string, string> Observations,
    string? Error = null,
    TimeSpan Duration = default)
{
    /// <summary>The observation an action records when the backend cannot offer it; judges turn it into Not offered.</summary>
    public const string NotOfferedKey = "not_offered";

    public static HostActionResult Success(string action, params (string Key, string Value)[] observations) =>
        new(action, true, observations.ToDictionary(o => o.Key, o => o.Value));

    public static HostActionResult Failure(string action, string error, params (string Key, string Value)[] observations) =>
        new(action, false, observations.ToDictionary(o => o.Key, o => o.Value), error);

    public static HostActionResult NotOffered(string action, string why) => Failure(action, "not offered: " + why, (NotOfferedKey, why));

    public string? Get(string key) => Observations.TryGetValue(key, out var v) ? v : null;
}
