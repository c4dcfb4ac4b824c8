using System.CommandLine;

namespace HvCert.Cli.Commands;

/// <summary>What `hvcert run` was asked to do.</summary>
internal sealed record RunRequest(string? Suite, string? Matrix, string? Backend, string? Target, string Output, int? Slots,
    string? Shard, string? Resume, string? Inventory = null, string? Baseline = null, string? Accel = null);

/// <summary>The options of `hvcert run`, kept apart so the command reads as the flow it is.</summary>
internal sealed class RunCommandOptions
{
    private readonly Option<string?> suite = new("--suite") { Description = "Suite file, e.g. suites/full.yaml." };
    private readonly Option<string?> matrix = new("--matrix") { Description = "Matrix file, e.g. matrices/lab-debian12.yaml." };
    private readonly Option<string?> backend = new("--backend") { Description = "qemu or hyperv; defaults to the matrix's backend." };
    private readonly Option<string?> target = new("--target") { Description = "Only this matrix target, e.g. debian-12." };
    private readonly Option<string> output = new("--output") { Description = "Folder that receives <run-id>/ (default: reports).", DefaultValueFactory = _ => "reports" };
    private readonly Option<int?> slots = new("--slots") { Description = "VMs at once (default: one per core, bounded by memory (2 GiB per VM) and the number of VM groups)." };
    private readonly Option<string?> shard = new("--shard") { Description = "Run only shard k of n (k/n), for CI fan-out; join the parts with 'hvcert merge'." };
    private readonly Option<string?> resume = new("--resume") { Description = "Continue a killed run in its run directory without redoing finished probes." };

    private readonly Option<string?> inventory = new("--inventory") { Description = "Hyper-V only: the host inventory file (see matrices/hyperv-inventory.example.yaml)." };

    private readonly Option<string?> accel = new("--accel") { Description = "QEMU lab: auto (KVM only when a test boot under KVM reaches the guest, else TCG), tcg or kvm." };

    private readonly Option<string?> baseline = new("--baseline") { Description = "After the run, compare it with a baseline (hvcert baseline import) and exit 1 on any regression." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { suite, matrix, backend, target, output, slots, shard, resume, inventory, baseline, accel })
        {
            command.Options.Add(option);
        }
    }

    public RunRequest Read(ParseResult result) => new(
        result.GetValue(suite), result.GetValue(matrix), result.GetValue(backend), result.GetValue(target),
        result.GetValue(output) ?? "reports", result.GetValue(slots), result.GetValue(shard), result.GetValue(resume), result.GetValue(inventory), result.GetValue(baseline),
        result.GetValue(accel));
}
