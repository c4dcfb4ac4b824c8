using HvCert.Baselines;
using HvCert.Reporting;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert run --baseline FILE`: the baseline is checked before any VM boots, and compared once the reports exist.</summary>
internal static class RunBaseline
{
    public static bool IsReadable(string path, TextWriter stderr)
    {
        try
        {
            BaselineYaml.Load(path);
            return true;
        }
        catch (ReportInputException ex)
        {
            stderr.WriteLine($"hvcert run: {ex.Message} Nothing was run.");
            return false;
        }
    }

    /// <summary>A regression turns a green run red (exit 1); infrastructure errors and cancellation keep their own codes.</summary>
    public static int Apply(int runExit, string runDir, string baselinePath, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine($"hvcert: comparing with {baselinePath}");
        var diffExit = DiffCommand.Execute(runDir, baselinePath, stdout, stderr);
        return runExit is ExitCodes.InfrastructureError or ExitCodes.Cancelled or ExitCodes.BadInput
            ? runExit
            : Math.Max(runExit, diffExit);
    }
}
