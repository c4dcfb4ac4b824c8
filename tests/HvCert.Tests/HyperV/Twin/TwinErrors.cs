namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// A request Hyper-V would refuse. <see cref="Code"/> is the job's ErrorCode (or the method's return value when the method has
/// no Job): 32773 Invalid parameter for a malformed request (our bug), 32768 Failed or 32775 Invalid state for a refusal a
/// healthy backend must report as an observation.
/// </summary>
public sealed class RefusedException(uint code, string message) : Exception(message)
{
    public uint Code { get; } = code;
}

/// <summary>The codes the twin answers with, and the shorthand for a malformed request.</summary>
public static class Refused
{
    public const uint InvalidParameter = 32773;
    public const uint Failed = 32768;
    public const uint InvalidState = 32775;

    public static RefusedException Invalid(string message) => new(InvalidParameter, message);
}

/// <summary>One refused request, kept so tests can assert what the twin objected to.</summary>
public sealed record TwinRejection(string Class, string Method, uint Code, string Message);

/// <summary>One call the twin received.</summary>
public sealed record TwinCall(string Operation, string Class, string Method, IReadOnlyList<HvCert.HyperV.Cim.CimArgument> Arguments)
{
    public HvCert.HyperV.Cim.CimValue? Arg(string name) => Arguments.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}
