using System.Globalization;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// Values visible to later steps of one probe run: the suite parameters (with the probe's defaults) and every
/// observation of earlier host actions. Guest command placeholders are filled from here.
/// </summary>
internal sealed class StepScope
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public StepScope(IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (k, v) in defaults)
        {
            values[k] = v;
        }

        foreach (var (k, v) in parameters)
        {
            values[k] = v;
        }
    }

    public IReadOnlyDictionary<string, string> Values => values;

    public string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"no value named '{name}'");

    public int Int(string name) => int.Parse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public void Absorb(IReadOnlyDictionary<string, string> observations)
    {
        foreach (var (k, v) in observations)
        {
            values[k] = v;
        }
    }

    public static StepScope For(ProbeContext context, IReadOnlyDictionary<string, string> defaults) => new(defaults, context.Parameters);
}
