using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>One checked method call as a handler sees it: the target instance and typed access to the arguments.</summary>
public sealed class Invocation(HyperVTwin twin, CimRef target, CimInstanceData? instance, string method, IReadOnlyList<CimArgument> arguments)
{
    public HyperVTwin Twin => twin;

    public CimRef Target => target;

    public CimInstanceData? Instance => instance;

    public string Method => method;

    public CimValue? Arg(string name) => arguments.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    public string? Text(string name) => Arg(name)?.Text;

    public long? Number(string name) => Arg(name) is { IsNull: false } v ? v.AsInt64() : null;

    public CimRef Ref(string name) => Arg(name) is { Kind: CimKind.Reference, References.Count: > 0 } v ? v.References[0]
        : throw Refused.Invalid($"{target.ClassName}.{method}: parameter {name} is required");

    /// <summary>The embedded instances of a string or string[] parameter, each parsed and checked against its class.</summary>
    public IReadOnlyList<CimInstanceData> Embedded(string name) => (Arg(name)?.Texts ?? []).Select(text => Parse(name, text)).ToList();

    public CimInstanceData EmbeddedOne(string name) =>
        Embedded(name) is [var one] ? one : throw Refused.Invalid($"{target.ClassName}.{method}: parameter {name} must hold one embedded instance");

    private CimInstanceData Parse(string name, string text)
    {
        CimInstanceData parsed;
        try
        {
            parsed = CimXml.Read(text);
        }
        catch (FormatException e)
        {
            throw Refused.Invalid($"{target.ClassName}.{method}: parameter {name} is not a valid embedded instance: {e.Message}");
        }

        return TwinSchema.Instance.CheckInstance(parsed) is { } problem
            ? throw Refused.Invalid($"{target.ClassName}.{method}: parameter {name}: {problem}")
            : parsed;
    }
}

/// <summary>A job's effect: what it affected (reachable through Msvm_AffectedJobElement) once it completes.</summary>
public delegate IReadOnlyList<CimRef> JobEffect();

public sealed partial class HyperVTwin
{
    private readonly List<(string Id, DateTimeOffset Due, JobEffect Effect, string Method)> pending = [];

    private void On(string className, string method, Func<Invocation, CimMethodResult> handler) => handlers[(className.ToLowerInvariant(), method.ToLowerInvariant())] = handler;

    private CimMethodResult Invoke(CimRef target, string method, IReadOnlyList<CimArgument> arguments)
    {
        var signature = TwinSchema.Instance.Method(target.ClassName, method);
        if (!handlers.TryGetValue((target.ClassName.ToLowerInvariant(), method.ToLowerInvariant()), out var handler))
        {
            throw new CimGatewayException($"WMI error 0x80041055 (Method not implemented): {target.ClassName}.{method}" + (signature is null ? " is not in the schema" : " is not modelled by the twin"));
        }

        var hasJob = signature?.Any(p => p.Name == "Job") ?? false;
        CimInstanceData? instance = null;
        if (target.Keys.Count > 0 || TwinKeys.For(target.ClassName).Count > 0)
        {
            instance = Find(target) ?? throw NotFound(target);
        }

        try
        {
            if (signature is not null)
            {
                CheckArguments(target.ClassName, method, signature, arguments);
            }

            if (Options.ExtraRule?.Invoke(target.ClassName, method) is { } broken)
            {
                throw Refused.Invalid($"{target.ClassName}.{method}: {broken}");
            }

            return handler(new Invocation(this, target, instance, method, arguments));
        }
        catch (RefusedException refusal)
        {
            rejections.Add(new TwinRejection(target.ClassName, method, refusal.Code, refusal.Message));
            // RequestStateChange to the state the VM is already in answers 32775 as its return value, not through a job
            // (os-win vmutils.set_vm_state: check_ret_val(ret_val, job_path, [0, 32775]), run against real hosts).
            var direct = !hasJob || (method == "RequestStateChange" && refusal.Code == Refused.InvalidState);
            return direct ? new CimMethodResult(refusal.Code, new Dictionary<string, CimValue>()) : FailedJob(method, refusal);
        }
    }

    /// <summary>Parameter names, directions, CIM types and array-ness exactly as the method's page declares them.</summary>
    private static void CheckArguments(string className, string method, IReadOnlyList<TwinSchema.Parameter> signature, IReadOnlyList<CimArgument> arguments)
    {
        foreach (var argument in arguments)
        {
            var declared = signature.FirstOrDefault(p => string.Equals(p.Name, argument.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw Refused.Invalid($"{className}.{method} has no parameter {argument.Name}");
            if (!declared.IsIn)
            {
                throw Refused.Invalid($"{className}.{method}: {argument.Name} is an out parameter");
            }

            if (TwinSchema.CheckValue(declared.Type, declared.IsArray, argument.Value) is { } problem)
            {
                throw Refused.Invalid($"{className}.{method}: parameter {argument.Name}: {problem}");
            }
        }
    }

    /// <summary>Answers 4096 with a Running job; the effect runs when the job completes. Out references stay empty (see README).</summary>
    internal CimMethodResult Job(string method, JobEffect effect)
    {
        var id = Guid.NewGuid().ToString().ToUpperInvariant();
        Store(CimInstanceData.Create("Msvm_ConcreteJob", ("InstanceID", CimValue.Of(id)), ("JobState", CimValue.UInt16(4)),
            ("PercentComplete", CimValue.UInt16(0)), ("ErrorCode", CimValue.UInt16(0)), ("Caption", CimValue.Of(method)), ("ElementName", CimValue.Of(method))));
        pending.Add((id, Clock.GetUtcNow() + Options.JobDuration, effect, method));
        return new CimMethodResult(4096, new Dictionary<string, CimValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["Job"] = CimValue.Ref(CimRef.Of("Msvm_ConcreteJob", ("InstanceID", id))),
        });
    }

    private CimMethodResult FailedJob(string method, RefusedException refusal) => Job(method, () => throw refusal);

    /// <summary>Completes every job whose time has come: JobState 7, or 10 (Exception) with ErrorCode and ErrorDescription.</summary>
    private void Tick()
    {
        var now = Clock.GetUtcNow();
        foreach (var vm in Vms.Values.Where(v => v.Running && v.ShutdownAt is { } at && now >= at).ToList())
        {
            SetState(vm, 3); // the guest finished its clean shutdown
        }

        foreach (var job in pending.Where(p => p.Due <= now).ToList())
        {
            pending.Remove(job);
            var jobRef = CimRef.Of("Msvm_ConcreteJob", ("InstanceID", job.Id));
            var instance = stored[TwinKeys.Identity("Msvm_ConcreteJob", k => jobRef.Key(k))];
            try
            {
                foreach (var affected in job.Effect())
                {
                    Store(CimInstanceData.Create("Msvm_AffectedJobElement", ("AffectedElement", CimValue.Ref(affected)), ("AffectingElement", CimValue.Ref(jobRef)),
                        ("ElementEffects", CimValue.UInt16s(5))));
                }

                Store(instance.With(("JobState", CimValue.UInt16(7)), ("PercentComplete", CimValue.UInt16(100))));
            }
            catch (RefusedException refusal)
            {
                if (!rejections.Any(r => r.Message == refusal.Message))
                {
                    rejections.Add(new TwinRejection("Msvm_ConcreteJob", job.Method, refusal.Code, refusal.Message));
                }

                Store(instance.With(("JobState", CimValue.UInt16(10)), ("ErrorCode", CimValue.UInt16((int)refusal.Code)),
                    ("ErrorDescription", CimValue.Of(refusal.Message)), ("ErrorSummaryDescription", CimValue.Of(refusal.Message))));
            }
        }
    }

    /// <summary>ASSOCIATORS OF a job through Msvm_AffectedJobElement: the elements its completed effect touched.</summary>
    private List<CimInstanceData> Associators(TwinWql.Associators query)
    {
        if (!string.Equals(query.AssocClass, "Msvm_AffectedJobElement", StringComparison.OrdinalIgnoreCase))
        {
            throw new CimGatewayException($"WMI error 0x80041017 (Invalid query): the twin models only Msvm_AffectedJobElement, not {query.AssocClass}");
        }

        if (TwinKeys.CheckReference(query.Source) is { } problem)
        {
            throw new CimGatewayException($"WMI error 0x80041002 (Not found): {problem}");
        }

        var source = TwinKeys.Identity(query.Source.ClassName, query.Source.Key);
        var result = new List<CimInstanceData>();
        foreach (var link in Stored("Msvm_AffectedJobElement"))
        {
            var (job, element) = (link["AffectingElement"]!.AsRef(), link["AffectedElement"]!.AsRef());
            var other = TwinKeys.Identity(job.ClassName, job.Key) == source ? element : TwinKeys.Identity(element.ClassName, element.Key) == source ? job : null;
            if (other is not null && Find(other) is { } found && (query.ResultClass is null || string.Equals(found.ClassName, query.ResultClass, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(Complete(found));
            }
        }

        return result;
    }
}
