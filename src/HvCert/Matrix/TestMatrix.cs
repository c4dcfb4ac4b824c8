using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Planning;

namespace HvCert.Matrix;

/// <summary>A loaded matrices/*.yaml: distro releases × generations × host columns on one backend.</summary>
public sealed record TestMatrix(
    string Name,
    string Description,
    string File,
    BackendKind Backend,
    IReadOnlyList<MatrixHost> Hosts,
    IReadOnlyList<MatrixGeneration> Generations,
    IReadOnlyList<MatrixTarget> Targets);

/// <summary>A host column: <c>qemu</c> on the lab (no Windows version), or a Windows Server release on Hyper-V.</summary>
public sealed record MatrixHost(string Label, HostVersion? Version, int Line, int Column)
{
    public const string QemuLabel = "qemu";
}

/// <summary>A generation the matrix certifies; Gen2 may boot with Secure Boot on.</summary>
public sealed record MatrixGeneration(Generation Generation, bool SecureBoot);

/// <summary>A release and the generations it runs on (the matrix's, unless the target narrows them).</summary>
/// <param name="SecureBoot">False when the target turns the matrix's Gen2 Secure Boot off; null to follow the matrix.</param>
public sealed record MatrixTarget(TargetRef Ref, IReadOnlyList<Generation> Generations, bool? SecureBoot = null);
