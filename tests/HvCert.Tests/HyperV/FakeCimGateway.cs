using System.Text.RegularExpressions;
using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV;

/// <summary>
/// A recording fake of <see cref="ICimGateway"/>: an in-memory store of instances loaded from CIM-XML samples, a tiny WQL
/// evaluator (SELECT * FROM C [WHERE p = 'v' | p LIKE 'x%' [AND ...]]), and per (class, method) handlers. Every call is recorded.
/// </summary>
internal sealed partial class FakeCimGateway : ICimGateway
{
    public List<CimInstanceData> Store { get; } = [];

    public List<RecordedCall> Calls { get; } = [];

    public Dictionary<(string Class, string Method), Func<CimRef, IReadOnlyList<CimArgument>, CimMethodResult>> Handlers { get; } = [];

    /// <summary>Job instances handed out in order on each GetInstance of a job reference (the last one repeats).</summary>
    public Dictionary<string, Queue<CimInstanceData>> JobPolls { get; } = [];

    public string ServerName => "HV1";

    public static string Sample(string file) => File.ReadAllText(Path.Combine(RepoPaths.Samples, "cim", file));

    public void Load(string file, Func<string, string>? edit = null) =>
        Store.AddRange(CimXml.ReadAll(edit is null ? Sample(file) : edit(Sample(file))));

    public IEnumerable<RecordedCall> Invocations(string method) => Calls.Where(c => c.Method == method);

    public Task<IReadOnlyList<CimInstanceData>> QueryAsync(string @namespace, string wql, CancellationToken cancellationToken)
    {
        Calls.Add(new RecordedCall("Query", @namespace, wql, []));
        var m = QueryRegex().Match(wql);
        if (!m.Success)
        {
            throw new InvalidOperationException("fake WQL cannot parse: " + wql);
        }

        var conditions = m.Groups[2].Success ? ConditionRegex().Matches(m.Groups[2].Value).ToList() : [];
        IReadOnlyList<CimInstanceData> result = Store
            .Where(i => i.ClassName == m.Groups[1].Value && (i.Namespace == @namespace))
            .Where(i => conditions.All(c => Matches(i.String(c.Groups[1].Value), c.Groups[2].Value, Unquote(c.Groups[3].Value))))
            .ToList();
        return Task.FromResult(result);
    }

    /// <summary>The fake's methods hand their results back as out parameters, so nothing ever needs an association: none recorded.</summary>
    public Task<IReadOnlyList<CimInstanceData>> AssociatorsAsync(CimRef source, string associationClass, string? resultClass, CancellationToken cancellationToken)
    {
        Calls.Add(new RecordedCall("Associators", source.ClassName, $"{source} {associationClass} {resultClass}", []));
        return Task.FromResult<IReadOnlyList<CimInstanceData>>([]);
    }

    public Task<CimInstanceData> GetInstanceAsync(CimRef reference, CancellationToken cancellationToken)
    {
        Calls.Add(new RecordedCall("Get", reference.ClassName, reference.ToString(), []));
        if (reference.ClassName == "Msvm_ConcreteJob" && JobPolls.TryGetValue(reference.Key("InstanceID")!, out var polls))
        {
            return Task.FromResult(polls.Count > 1 ? polls.Dequeue() : polls.Peek());
        }

        return Task.FromResult(Find(reference) ?? throw new CimGatewayException("WMI error 6: Not found " + reference));
    }

    public Task<CimMethodResult> InvokeMethodAsync(CimRef target, string method, IReadOnlyList<CimArgument> arguments, CancellationToken cancellationToken)
    {
        Calls.Add(new RecordedCall(method, target.ClassName, target.ToString(), arguments));
        if (!Handlers.TryGetValue((target.ClassName, method), out var handler))
        {
            throw new InvalidOperationException($"fake has no handler for {target.ClassName}.{method}");
        }

        return Task.FromResult(handler(target, arguments));
    }

    public Task ModifyInstanceAsync(CimInstanceData instance, CancellationToken cancellationToken)
    {
        Calls.Add(new RecordedCall("Modify", instance.ClassName, instance.Ref.ToString(), []));
        Replace(instance);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public CimInstanceData? Find(CimRef reference) =>
        Store.FirstOrDefault(i => i.ClassName == reference.ClassName
            && reference.Keys.All(k => string.Equals(i.String(k.Key), k.Value, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Merges the properties of <paramref name="changed"/> into the stored instance with the same keys.</summary>
    public void Replace(CimInstanceData changed)
    {
        var index = Store.FindIndex(i => i.ClassName == changed.ClassName && i.Ref.Keys.Count > 0
            && i.Ref.Keys.All(k => changed.String(k.Key) == k.Value));
        if (index < 0)
        {
            throw new CimGatewayException("WMI error 6: Not found " + changed.Ref);
        }

        Store[index] = Store[index].With(changed.Properties.Select(p => (p.Key, p.Value)).ToArray());
    }

    /// <summary>Returns 4096 with a job whose polls are <paramref name="polls"/>, or a completed job when none given.</summary>
    public CimMethodResult Job(string id, IEnumerable<CimInstanceData>? polls = null, params (string Name, CimValue Value)[] outs)
    {
        JobPolls[id] = new Queue<CimInstanceData>(polls ?? [CompletedJob(id)]);
        var o = outs.ToDictionary(x => x.Name, x => x.Value, StringComparer.OrdinalIgnoreCase);
        o["Job"] = CimValue.Ref(CimRef.Of("Msvm_ConcreteJob", ("InstanceID", id)));
        return new CimMethodResult(4096, o);
    }

    public static CimInstanceData CompletedJob(string id) => CimInstanceData.Create("Msvm_ConcreteJob",
        ("InstanceID", CimValue.Of(id)), ("JobState", CimValue.UInt16(7)), ("ErrorCode", CimValue.UInt16(0)));

    public static CimMethodResult Done(params (string Name, CimValue Value)[] outs) =>
        new(0, outs.ToDictionary(x => x.Name, x => x.Value, StringComparer.OrdinalIgnoreCase));

    private static bool Matches(string? actual, string op, string expected)
    {
        if (actual is null)
        {
            return false;
        }

        if (op.Equals("LIKE", StringComparison.OrdinalIgnoreCase))
        {
            var pattern = "^" + Regex.Escape(expected).Replace("%", ".*", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(actual, pattern, RegexOptions.IgnoreCase);
        }

        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
    }

    private static string Unquote(string literal) =>
        Regex.Replace(literal[1..^1], @"\\(.)", "$1");

    [GeneratedRegex(@"^SELECT \* FROM (\w+)(?: WHERE (.*))?$", RegexOptions.Singleline)]
    private static partial Regex QueryRegex();

    [GeneratedRegex(@"(\w+) (=|LIKE) ('(?:[^'\\]|\\.)*')")]
    private static partial Regex ConditionRegex();
}

internal sealed record RecordedCall(string Method, string Target, string Detail, IReadOnlyList<CimArgument> Arguments)
{
    public CimValue? Arg(string name) => Arguments.FirstOrDefault(a => a.Name == name)?.Value;

    /// <summary>The embedded instances of a string or string[] argument, parsed back with our reader.</summary>
    public IReadOnlyList<CimInstanceData> Embedded(string name) => Arg(name)?.Texts.Select(CimXml.Read).ToList() ?? [];
}
