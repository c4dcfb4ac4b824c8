using System.CommandLine;
using HvCert.Cli;
using HvCert.Cli.Commands;

// Program only parses and dispatches: one command class per verb, registered explicitly here.
// Signals first: a Ctrl-C or SIGTERM from here on cancels the verb's token and never kills hvcert outright.
using var signals = new TerminationSignals(TerminationSignals.Grace);
var root = new RootCommand("hvcert: certify Linux and FreeBSD guests on Hyper-V (or on the QEMU lab) feature by feature.\n"
    + "Exit codes: 0 ok, 1 certification failures or regressions, 2 bad input, 3 infrastructure error, 130 cancelled.");
foreach (var verb in new Command[]
{
    FeaturesCommand.Build(),
    LabCommand.Build(),
    TemplateCommand.Build(),
    JudgeCommand.Build(),
    SelftestCommand.Build(),
    ReportCommand.Build(),
    BaselineCommand.Build(),
    DiffCommand.Build(),
    ValidateCommand.Build(),
    PlanCommand.Build(),
    RunCommand.Build(),
    MergeCommand.Build(),
    ReapCommand.Build(),
})
{
    root.Subcommands.Add(verb);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"hvcert: {error.Message}");
    }

    Console.Error.WriteLine("Run 'hvcert --help' or 'hvcert <verb> --help' for usage.");
    return ExitCodes.BadInput;
}

// Ctrl-C/SIGTERM cancel the token (TerminationSignals, not System.CommandLine's handler, which starts only with the
// verb); actions get the grace to remove VMs and temp files before the process ends.
// An exception no verb expected: exit 3, one line, the trace in a log file (CrashLog), never a trace on the terminal.
try
{
    var verb = parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, signals.Token);
    return await await Task.WhenAny(verb, signals.Abandoned);
}
catch (OperationCanceledException)
{
    return ExitCodes.Cancelled;
}
catch (Exception ex)
{
    return CrashLog.Report(ex, args, Console.Error);
}
