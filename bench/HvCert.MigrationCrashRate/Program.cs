using System.Globalization;
using System.Text.Json;
using HvCert.MigrationCrashRate;
using HvCert.Qemu.Lab;

// The engine of bench/migration-crash-rate: N live migrations per generation through the lab's own migration facet,
// each checked within the live-migration probe's reconnect deadline. Appends to OUT/results.jsonl (so a long series runs
// in pieces) and prints the table over everything recorded there.
var opts = new Dictionary<string, string> { ["--gen"] = "both", ["--count"] = "20", ["--out"] = "/tmp/hvcert-migration-crash-rate", ["--late-grace"] = "60", ["--label"] = "lab" };
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--table-only")
    {
        opts["--count"] = "0";
    }
    else if (opts.ContainsKey(args[i]) && i + 1 < args.Length && !(args[i] == "--gen" && args[i + 1] is not ("1" or "2" or "both")))
    {
        opts[args[i]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"migration-crash-rate: bad argument '{args[i]}'; usage: [--gen 1|2|both] [--count N] [--out DIR] [--label L] [--late-grace S] [--table-only]");
        return 2;
    }
}

var count = int.Parse(opts["--count"], CultureInfo.InvariantCulture);
var results = Path.Combine(opts["--out"], "results.jsonl");
var evidence = Path.Combine(opts["--out"], "evidence");
Directory.CreateDirectory(evidence);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
if (count > 0)
{
    await using var backend = await QemuBackend.CreateDefaultAsync(cts.Token);
    Console.WriteLine($"accelerator {backend.Accelerator.Name}; reconnect deadline {Series.ProbeDeadline.TotalSeconds:0} s (the live-migration probe's)");
    foreach (var gen in opts["--gen"] == "both" ? new[] { 1, 2 } : [int.Parse(opts["--gen"], CultureInfo.InvariantCulture)])
    {
        var runId = $"mcr-{Guid.NewGuid():N}"[..12];
        var series = new Series(backend, runId, gen, evidence, TimeSpan.FromSeconds(double.Parse(opts["--late-grace"], CultureInfo.InvariantCulture)));
        try
        {
            for (var n = 1; n <= count; n++)
            {
                var trial = await series.MigrateOnceAsync(n, cts.Token);
                await File.AppendAllTextAsync(results, JsonSerializer.Serialize(new Table.Row(opts["--label"], trial)) + "\n");
                Console.WriteLine($"gen{gen} #{n}: {trial.Outcome} migrate {trial.MigrateSeconds:0.0} s, SSH back {trial.ReconnectSeconds:0.0} s, downtime {trial.DowntimeMs} ms, load {trial.Load1:0.00}: {trial.Detail}");
            }
        }
        finally
        {
            await series.DisposeAsync();
            await backend.ReapAsync(runId, CancellationToken.None);
        }
    }
}

Table.Print(Table.Read(results), Console.Out);
return 0;
