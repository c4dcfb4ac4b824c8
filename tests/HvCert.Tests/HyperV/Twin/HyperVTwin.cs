using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// A strict, stateful model of one Hyper-V host behind <see cref="ICimGateway"/>. It keeps stored instances (services,
/// switches, pools, settings, jobs, job associations) and computes runtime ones (the VM's components while it runs). Every
/// method call is checked against Microsoft's schema (<see cref="TwinSchema"/>) and real object-path keys (<see cref="TwinKeys"/>)
/// before any behaviour runs. See README.md in this folder for the rules and their sources.
/// </summary>
public sealed partial class HyperVTwin : ICimGateway
{
    private readonly object gate = new();
    private readonly Dictionary<string, CimInstanceData> stored = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), Func<Invocation, CimMethodResult>> handlers = new();
    private readonly List<TwinRejection> rejections = [];
    private readonly List<TwinCall> calls = [];

    public HyperVTwin(string name, TwinClock clock, TwinOptions? options = null, TwinLab? lab = null)
    {
        Name = name;
        Clock = clock;
        Options = options ?? new TwinOptions();
        Lab = lab;
        SeedHost();
        RegisterManagement();
        RegisterStorage();
        RegisterRuntime();
        RegisterSnapshots();
        RegisterNetwork();
        RegisterDevices();
    }

    /// <summary>The host's name (also the address the inventory names it by).</summary>
    public string Name { get; }

    public TwinClock Clock { get; }

    public TwinOptions Options { get; }

    public TwinLab? Lab { get; }

    public string ServerName => Name.ToUpperInvariant();

    public Dictionary<string, TwinVm> Vms { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<TwinRejection> Rejections { get { lock (gate) { return rejections.ToList(); } } }

    public IReadOnlyList<TwinCall> Calls { get { lock (gate) { return calls.ToList(); } } }

    public IEnumerable<TwinCall> Invocations(string method) => Calls.Where(c => c.Operation == "Invoke" && c.Method == method);

    public Task<IReadOnlyList<CimInstanceData>> QueryAsync(string @namespace, string wql, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            calls.Add(new TwinCall("Query", "", wql, []));
            Tick();
            IReadOnlyList<CimInstanceData> result = TwinWql.Parse(wql) switch
            {
                TwinWql.Associators a => Associators(a),
                TwinWql.Select s => All().Where(i => string.Equals(i.Namespace, @namespace, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(i.ClassName, s.ClassName, StringComparison.OrdinalIgnoreCase) && TwinWql.Matches(i, s)).Select(Complete).ToList(),
                _ => [],
            };
            return Task.FromResult(result);
        }
    }

    /// <summary>Get-CimAssociatedInstance / EnumerateAssociatedInstances: the same answer as the ASSOCIATORS OF query.</summary>
    public Task<IReadOnlyList<CimInstanceData>> AssociatorsAsync(CimRef source, string associationClass, string? resultClass, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            calls.Add(new TwinCall("Associators", source.ClassName, associationClass + (resultClass is null ? "" : " " + resultClass), []));
            Tick();
            return Task.FromResult<IReadOnlyList<CimInstanceData>>(Associators(new TwinWql.Associators(source, associationClass, resultClass)));
        }
    }

    public Task<CimInstanceData> GetInstanceAsync(CimRef reference, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            calls.Add(new TwinCall("Get", reference.ClassName, reference.ToString(), []));
            Tick();
            return Task.FromResult(Complete(Find(reference) ?? throw NotFound(reference)));
        }
    }

    public Task<CimMethodResult> InvokeMethodAsync(CimRef target, string method, IReadOnlyList<CimArgument> arguments, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            calls.Add(new TwinCall("Invoke", target.ClassName, method, arguments));
            Tick();
            return Task.FromResult(Invoke(target, method, arguments));
        }
    }

    /// <summary>Hyper-V's v2 settings are changed through the management service, never with PutInstance (WBEM_E_NOT_SUPPORTED).</summary>
    public Task ModifyInstanceAsync(CimInstanceData instance, CancellationToken cancellationToken) =>
        throw new CimGatewayException($"WMI error 0x8004100C (Not supported): {instance.ClassName} cannot be modified with PutInstance; use Msvm_VirtualSystemManagementService");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The twin's view of one instance (stored or runtime), by reference; null when it does not exist.</summary>
    public CimInstanceData? Find(CimRef reference)
    {
        lock (gate)
        {
            if (TwinKeys.CheckReference(reference) is not null)
            {
                return null;
            }

            var id = TwinKeys.Identity(reference.ClassName, reference.Key);
            return All().FirstOrDefault(i => Identity(i) == id);
        }
    }

    /// <summary>Every instance of a class (stored and runtime), completed with the schema's null properties.</summary>
    public IReadOnlyList<CimInstanceData> InstancesOf(string className)
    {
        lock (gate)
        {
            return All().Where(i => string.Equals(i.ClassName, className, StringComparison.OrdinalIgnoreCase)).Select(Complete).ToList();
        }
    }

    internal static string Identity(CimInstanceData i) =>
        TwinKeys.Identity(i.ClassName, k => i[k] is { Kind: CimKind.Reference, References.Count: > 0 } r ? r.References[0].ToString() : i.String(k));

    internal void Store(CimInstanceData instance) => stored[Identity(instance)] = instance;

    internal void Unstore(CimInstanceData instance) => stored.Remove(Identity(instance));

    internal IEnumerable<CimInstanceData> Stored(string className) =>
        stored.Values.Where(i => string.Equals(i.ClassName, className, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<CimInstanceData> All() =>
        stored.Values.Append(ReportedOperatingSystem()).Concat(Vms.Values.SelectMany(vm => vm.RuntimeInstances(Clock.GetUtcNow())));

    /// <summary>WMI returns every property of the class, unset ones as NULL with the declared type and array-ness.</summary>
    private static CimInstanceData Complete(CimInstanceData instance)
    {
        if (TwinSchema.Instance.Properties(instance.ClassName) is not { } declared)
        {
            return instance;
        }

        var props = new Dictionary<string, CimValue>(instance.Properties, StringComparer.OrdinalIgnoreCase);
        foreach (var p in declared.Values.Where(p => !props.ContainsKey(p.Name)))
        {
            var kind = p.IsReference ? CimKind.Reference : CimValue.ParseKind(p.Type);
            props[p.Name] = p.IsReference ? new CimValue(kind, p.IsArray, [], []) : p.IsArray ? CimValue.NullArray(kind) : CimValue.Null(kind);
        }

        return instance with { Properties = props };
    }

    private static CimGatewayException NotFound(CimRef reference) =>
        new($"WMI error 0x80041002 (Not found): {reference}" + (TwinKeys.CheckReference(reference) is { } why ? $" ({why})" : ""));
}
