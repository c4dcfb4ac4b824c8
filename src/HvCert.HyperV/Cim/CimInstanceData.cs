namespace HvCert.HyperV.Cim;

/// <summary>One CIM instance as plain data: class name and properties. Crosses the gateway seam in both directions.</summary>
public sealed record CimInstanceData(string ClassName, IReadOnlyDictionary<string, CimValue> Properties, string Namespace = CimRef.VirtualizationV2)
{
    public static CimInstanceData Create(string className, params (string Name, CimValue Value)[] properties) =>
        new(className, properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase));

    public CimValue? this[string name] => Properties.TryGetValue(name, out var v) ? v : null;

    public string? String(string name) => this[name]?.Text;

    public IReadOnlyList<string> Strings(string name) => this[name]?.Texts ?? [];

    public long? Number(string name) => this[name] is { IsNull: false } v ? v.AsInt64() : null;

    public bool Bool(string name) => this[name]?.AsBool() ?? false;

    /// <summary>A copy with some properties replaced or added (client-side instance for Modify*, hyperv-wmi.md §1.6).</summary>
    public CimInstanceData With(params (string Name, CimValue Value)[] changes)
    {
        var copy = new Dictionary<string, CimValue>(Properties, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in changes)
        {
            copy[name] = value;
        }

        return this with { Properties = copy };
    }

    /// <summary>The reference to this instance, from the documented key properties of its class.</summary>
    public CimRef Ref => new(Namespace, ClassName, CimKeys.For(ClassName)
        .Where(k => String(k) is not null)
        .ToDictionary(k => k, k => String(k)!, StringComparer.OrdinalIgnoreCase));
}
