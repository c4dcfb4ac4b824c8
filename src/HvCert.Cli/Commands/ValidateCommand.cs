using System.CommandLine;
using HvCert.Matrix;
using HvCert.Suites;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert validate FILES...`: checks suites and matrices (and every suite against every matrix given).</summary>
internal static class ValidateCommand
{
    public static Command Build()
    {
        var files = new Argument<string[]>("files") { Description = "Suite and matrix YAML files (kind is detected: a suite has features:, a matrix has targets:).", Arity = ArgumentArity.OneOrMore };
        var inventory = new Option<string?>("--inventory") { Description = "Hyper-V only: also check the inventory, and that each host column of every hyperv matrix has its host there." };
        var command = new Command("validate", "Check suite and matrix files; every problem is printed as file:line:column with what to do. Exit 0 if all are valid, 2 otherwise.") { files, inventory };
        command.SetAction(result => CliOutput.Guard(result, output => Run(result.GetValue(files) ?? [], result.GetValue(inventory), output)));
        return command;
    }

    private static int Run(string[] paths, string? inventory, TextWriter output)
    {
        var diagnostics = new List<Diagnostic>();
        var suites = new List<Suite>();
        var matrices = new List<TestMatrix>();
        foreach (var path in paths)
        {
            try
            {
                switch (InputFiles.Load(path))
                {
                    case Suite s: suites.Add(s); break;
                    case TestMatrix m: matrices.Add(m); break;
                }
            }
            catch (InputException ex)
            {
                diagnostics.AddRange(ex.Diagnostics);
            }
        }

        diagnostics.AddRange(suites.SelectMany(s => matrices.SelectMany(m => SuiteMatrixCheck.Check(s, m))));
        if (inventory is not null)
        {
            diagnostics.AddRange(HostColumnCheck.Problems(matrices, inventory));
        }

        if (diagnostics.Count > 0)
        {
            throw new InputException(diagnostics);
        }

        foreach (var s in suites)
        {
            output.WriteLine($"ok  {s.File}: suite '{s.Name}', {s.Features.Count} feature(s)");
        }

        foreach (var m in matrices)
        {
            output.WriteLine($"ok  {m.File}: matrix '{m.Name}' on {MatrixLoader.Name(m.Backend)}, {m.Targets.Count} target(s) x {m.Generations.Count} generation(s) x {m.Hosts.Count} host(s)");
        }

        return ExitCodes.Ok;
    }
}
