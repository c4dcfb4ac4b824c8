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
