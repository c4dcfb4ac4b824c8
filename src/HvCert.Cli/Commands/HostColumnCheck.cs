using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>
/// Before a Hyper-V run or plan with --inventory: every host column of the matrix needs the inventory host of its release.
/// A column without one is bad input (file:line:column of the column in the matrix, exit 2), never run on another host.
/// </summary>
internal static class HostColumnCheck
{
    /// <summary>For `hvcert validate --inventory`: the inventory's own problems, or every unserved column of each hyperv matrix.</summary>
    public static IReadOnlyList<Diagnostic> Problems(IEnumerable<TestMatrix> matrices, string inventoryPath)
    {
        try
        {
            HvCert.HyperV.HyperVBackendFactory.Capabilities(inventoryPath); // loads it: a bad inventory is reported with or without matrices
            return matrices.Where(m => m.Backend == BackendKind.HyperV)
                .SelectMany(m => HvCert.HyperV.HyperVBackendFactory.CheckHostColumns(inventoryPath, m)).ToList();
        }
        catch (InputException ex)
        {
            return ex.Diagnostics;
        }
    }

    public static void ThrowIfUnserved(Plan plan, string? matrixPath, string? inventoryPath)
    {
        if (plan.Backend != BackendKind.HyperV || inventoryPath is null || matrixPath is null)
        {
            return;
        }

        var problems = HvCert.HyperV.HyperVBackendFactory.CheckHostColumns(inventoryPath, MatrixLoader.Load(matrixPath));
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
    }
}
