using System.CommandLine;
using System.Text.Json;
using HvCert.Catalog;
using HvCert.Cli.Backends;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Suites;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert plan`: what a run would do, without touching a host.</summary>
internal static class PlanCommand
{
    public static Command Build()
    {
        var suite = new Option<string>("--suite") { Description = "Suite file, e.g. suites/full.yaml.", Required = true };
        var matrix = new Option<string>("--matrix") { Description = "Matrix file, e.g. matrices/lab.yaml.", Required = true };
        var backend = new Option<string?>("--backend") { Description = "qemu or hyperv; defaults to the matrix's backend." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON." };
        var shard = new Option<string?>("--shard") { Description = "Only shard k of n (k/n, 1-based), e.g. 2/4; whole VM groups are balanced by cell count." };
        var inventory = new Option<string?>("--inventory") { Description = "Hyper-V only: plan with this inventory's hardware, and check that each host column has its host." };
        var command = new Command("plan", "Show the VM groups and cells a run of SUITE over MATRIX would execute, and every cell that cannot run with its reason.")
        {
            suite, matrix, backend, json, shard, inventory,
        };
        command.SetAction(result => CliOutput.Guard(result, output =>
        {
            var inventoryPath = result.GetValue(inventory);
            var plan = Make(result.GetValue(suite)!, result.GetValue(matrix)!, result.GetValue(backend), result.GetValue(shard), inventoryPath is null ? null
                : kind => kind == BackendKind.HyperV ? HvCert.HyperV.HyperVBackendFactory.Capabilities(inventoryPath) : BackendRegistry.CapabilitiesOf(kind));
            HostColumnCheck.ThrowIfUnserved(plan, result.GetValue(matrix), inventoryPath);
            if (result.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(PlanJson.From(plan), CliJson.Options));
            }
            else
            {
                PlanTable.Write(plan, output);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Loads, cross-checks and plans; every input problem surfaces as an <see cref="InputException"/>.</summary>
    /// <param name="capabilities">What the backend offers; by default detected on this host now (<see cref="BackendRegistry"/>).</param>
    internal static Plan Make(string suitePath, string matrixPath, string? backendName, string? shardText,
        Func<BackendKind, BackendCapabilities>? capabilities = null)
    {
        var errors = new List<Diagnostic>();
        var shard = shardText is null ? null : ShardSpec.Parse(shardText, out var shardError) ?? Fail(errors, shardError);
        BackendKind? backend = null;
        if (backendName is not null)
        {
            backend = MatrixLoader.TryParseBackend(backendName, out var b) ? b
                : Fail<BackendKind?>(errors, $"unknown backend '{backendName}'.{Suggest.DidYouMean(backendName, MatrixLoader.BackendNames)} Use qemu or hyperv.");
        }

        var suite = Catch(errors, () => SuiteLoader.Load(suitePath));
        var matrix = Catch(errors, () => MatrixLoader.Load(matrixPath));
        if (suite is not null && matrix is not null)
        {
            errors.AddRange(SuiteMatrixCheck.Check(suite, matrix));
            if (backend is { } chosen && chosen != matrix.Backend)
            {
                errors.Add(new Diagnostic(matrix.File, 1, 1, $"matrix '{matrix.Name}' is written for backend {MatrixLoader.Name(matrix.Backend)}, but --backend {backendName} was given.",
                    $"drop --backend, or use a matrix with backend: {backendName} (its host columns differ: qemu has one 'qemu' column, hyperv has Windows Server releases)."));
            }
        }

        if (errors.Count > 0 || suite is null || matrix is null)
        {
            throw new InputException(errors);
        }

        var plan = Planner.Build(suite, matrix, FeatureCatalog.All, (capabilities ?? BackendRegistry.CapabilitiesOf)(backend ?? matrix.Backend));
        return shard is null ? plan : plan.Shard(shard.Index, shard.Count);
    }

    private static T? Catch<T>(List<Diagnostic> errors, Func<T> load)
        where T : class
    {
        try
        {
            return load();
        }
        catch (InputException ex)
        {
            errors.AddRange(ex.Diagnostics);
            return null;
        }
    }

    private static T? Fail<T>(List<Diagnostic> errors, string message)
    {
        errors.Add(Diagnostic.Option("plan", message, ""));
        return default;
    }

    private static ShardSpec? Fail(List<Diagnostic> errors, string message) => Fail<ShardSpec>(errors, message);
}
