using System.CommandLine;
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

    public static void PrintDiagnostics(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        var count = 0;
        foreach (var d in diagnostics)
        {
            error.WriteLine(d.ToString());
            count++;
        }

        error.WriteLine($"hvcert: {count} problem{(count == 1 ? "" : "s")} found; nothing was written.");
    }
}
