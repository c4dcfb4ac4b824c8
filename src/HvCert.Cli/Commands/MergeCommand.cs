using System.CommandLine;
using HvCert.Evidence;
using HvCert.Running;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert merge`: one run directory and one set of reports from the run directories of shards.</summary>
internal static class MergeCommand
{
    public static Command Build()
    {
        var parts = new Argument<string[]>("run-dirs") { Description = "Run directories of the shards (hvcert run --shard k/n).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output") { Description = "New run directory for the merged run.", Required = true };
        var command = new Command("merge", "Concatenate the evidence of shard runs into one run directory and render its reports once. "
            + "Exit codes as for 'hvcert run'; 2 when the parts are not shards of one run.") { parts, output };
        command.SetAction(result => Run(result.GetValue(parts)!, result.GetValue(output)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> parts, string output, TextWriter stdout, TextWriter stderr)
    {
        RunDirectory merged;
        var damage = new List<EvidenceDamage>();
        try
        {
            merged = EvidenceMerger.Merge(parts, output, TimeProvider.System, events => (int)RunStatusPolicy.From(events, cancelled: false), damage);
        }
        catch (Exception ex) when (ex is MergeConflictException or EvidenceFormatException or IOException)
        {
            stderr.WriteLine($"hvcert: {Reporting.TextEscaping.Visible(ex.Message)}");
            return ExitCodes.BadInput;
        }

        // A part's torn or damaged line is named here and in the merged reports, and the merge exits 3: never a silent drop.
        ReportCommand.PrintDamage(damage, "hvcert merge", stderr);
        var events = EvidenceReader.Read(merged.Evidence).Events;
        stdout.WriteLine($"hvcert: merged {parts.Count} parts into {merged.Path}");
        var exit = (int)RunStatusPolicy.From(events, cancelled: false);
        return RunReports.Finish(merged, damage.Any(d => d.EventLost) ? Math.Max(exit, ExitCodes.InfrastructureError) : exit,
            RunStatusPolicy.Summary(events), stdout, stderr, partDamage: damage);
    }
}
