using HvCert.Cli.Commands;
using HvCert.Features;
using HvCert.LabWalltime;
using HvCert.Qemu.Lab;
using HvCert.Running;

// The engine side of bench/lab-walltime: runs a suite and matrix through the real RunSession/Runner, either with the
// planner's plan unchanged (--mode run, for when the `hvcert run` verb is not available) or as the naive serial
// baseline (--mode naive: one fresh VM per isolated probe, no snapshots, one slot). Prints the run directory last.
if (args.Length < 6 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: lab-walltime-engine --mode run|naive --suite S --matrix M [--output DIR] [--naive-subset N]");
    return 2;
}

var opts = Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i], i => args[2 * i + 1]);
var naive = opts["--mode"] == "naive";
int? subset = opts.TryGetValue("--naive-subset", out var s) ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;
var output = opts.GetValueOrDefault("--output", "reports");
var plan = PlanCommand.Make(opts["--suite"], opts["--matrix"], null, null);
if (naive)
{
    var (naivePlan, total, kept) = NaivePlan.From(plan, ProbeRegistry.Catalog, subset);
    plan = naivePlan;
    Console.WriteLine($"naive-plan: groups={plan.Groups.Count} isolated_total={total} isolated_run={kept}");
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
await using var backend = await QemuBackend.CreateDefaultAsync(cts.Token);
var env = new RunEnvironment(backend, ProbeRegistry.Catalog, cells => new PlainProgress(Console.Out, TimeProvider.System, cells),
    TimeProvider.System, naive ? 1 : null, TimeSpan.FromMinutes(5));
var outcome = await RunSession.StartAsync(plan, null, null, opts["--suite"], opts["--matrix"], output, env, cts.Token);
var code = RunReports.Finish(outcome.Directory, (int)outcome.Status, outcome.Summary, Console.Out, Console.Error);
Console.WriteLine($"run-dir: {outcome.Directory.Path}");
return code;
