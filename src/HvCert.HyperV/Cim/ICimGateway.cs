namespace HvCert.HyperV.Cim;

/// <summary>A method parameter: name plus value (embedded instances are CIM-XML strings).</summary>
public sealed record CimArgument(string Name, CimValue Value);

/// <summary>What a CIM method returned: the uint32 return value and the out parameters.</summary>
public sealed record CimMethodResult(uint ReturnValue, IReadOnlyDictionary<string, CimValue> OutParameters)
{
    public CimValue? Out(string name) => OutParameters.TryGetValue(name, out var v) ? v : null;

    public CimRef? OutRef(string name) => Out(name) is { Kind: CimKind.Reference, References.Count: > 0 } v ? v.References[0] : null;
}

/// <summary>
/// The seam between the Hyper-V backend and WMI: the four operations the backend needs, with plain records in and out.
/// The Windows implementation sits on Microsoft.Management.Infrastructure; unit tests replay CIM-XML through a fake.
/// A failure to reach the host throws <see cref="CimGatewayException"/>.
/// </summary>
public interface ICimGateway : IAsyncDisposable
{
    /// <summary>The host name used in WMI object paths (<c>\\SERVER\root\...</c>).</summary>
    string ServerName { get; }

    Task<IReadOnlyList<CimInstanceData>> QueryAsync(string @namespace, string wql, CancellationToken cancellationToken);

    Task<CimInstanceData> GetInstanceAsync(CimRef reference, CancellationToken cancellationToken);

    /// <summary>Invokes an instance method (or a static one when <paramref name="target"/> has no keys).</summary>
    Task<CimMethodResult> InvokeMethodAsync(CimRef target, string method, IReadOnlyList<CimArgument> arguments, CancellationToken cancellationToken);

    Task ModifyInstanceAsync(CimInstanceData instance, CancellationToken cancellationToken);

    /// <summary>
    /// The instances linked to <paramref name="source"/> through the association class (WQL <c>ASSOCIATORS OF</c>,
    /// Get-CimAssociatedInstance, MMI EnumerateAssociatedInstances), only those of <paramref name="resultClass"/> when given.
    /// </summary>
    Task<IReadOnlyList<CimInstanceData>> AssociatorsAsync(CimRef source, string associationClass, string? resultClass, CancellationToken cancellationToken);
}

/// <summary>The CIM transport itself failed (connection, access, WMI fault): an infrastructure error.</summary>
public sealed class CimGatewayException(string message, Exception? inner = null) : Exception(message, inner);
