using System.CommandLine;
using HvCert.Reporting;
using HvCert.Validation;

namespace HvCert.Cli;

/// <summary>Runs a verb so bad input becomes located messages on stderr and exit code 2, never a stack trace.</summary>
internal static class CliOutput
{
    public static int Guard(ParseResult result, Func<TextWriter, int> action)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            return action(output);
        }
        catch (InputException ex)
        {
            PrintDiagnostics(error, ex.Diagnostics);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// At most <see cref="InputLimits.MaxPrintedErrors"/> problems, then "and N more" (a 50 MB file of duplicates once
    /// printed 507 MB); every line with control characters made visible, since messages quote the input.
    /// </summary>
    public static void PrintDiagnostics(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        var count = 0;
        foreach (var d in diagnostics)
        {
            if (count < InputLimits.MaxPrintedErrors)
            {
                error.WriteLine(TextEscaping.Visible(d.ToString()));
            }

            count++;
        }

        if (count > InputLimits.MaxPrintedErrors)
        {
            error.WriteLine($"hvcert: … and {count - InputLimits.MaxPrintedErrors} more (only the first {InputLimits.MaxPrintedErrors} are shown; fix these and run again).");
        }

        error.WriteLine($"hvcert: {count} problem{(count == 1 ? "" : "s")} found; nothing was written.");
    }
}
