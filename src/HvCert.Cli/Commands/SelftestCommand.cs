using System.CommandLine;
using HvCert.Catalog;
using HvCert.Cli.Manual;
using HvCert.Cli.Selftest;
using HvCert.Features;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Cli.Commands;

/// <summary>
/// `hvcert selftest --backend qemu [--feature ID ...]`: runs every probe on a normal lab VM and on a VM provisioned with
/// its negative-control faults, and prints feature, positive verdict, negative verdict and whether the control held.
/// </summary>
internal static class SelftestCommand
{
    public static Command Build()
    {
        var backend = new Option<string>("--backend") { Description = "Backend to test on (only qemu: the lab).", DefaultValueFactory = _ => "qemu" };
        var features = new Option<string[]>("--feature") { Description = "Feature ids to test (default: all with a Linux probe).", AllowMultipleArgumentsPerToken = true };
        var generation = new Option<int>("--generation") { Description = "VM generation, 1 or 2.", DefaultValueFactory = _ => 1 };
        var image = new Option<string>("--image") { Description = "Lab image name.", DefaultValueFactory = _ => "debian-bookworm" };
        var capture = new Option<string?>("--capture") { Description = "Write each probe's outputs to DIR/<feature>/<positive|negative>/ (the `hvcert judge --outputs` layout)." };
        var accel = new Option<string?>("--accel") { Description = "auto (KVM only when a test boot under KVM reaches the guest, else TCG), tcg or kvm." };
        var command = new Command("selftest", "Check every probe's negative control on the lab: positive VM vs faulted VM.") { backend, features, generation, image, capture, accel };
        command.SetAction(async (r, ct) => await RunAsync(r.GetValue(backend)!, r.GetValue(features) ?? [], r.GetValue(generation), r.GetValue(image)!, r.GetValue(capture),
            r.GetValue(accel), ct));
        return command;
    }

    private static async Task<int> RunAsync(string backendName, string[] featureIds, int gen, string image, string? captureDir, string? accel,
        CancellationToken cancellationToken)
    {
        if (HvCert.Qemu.Accel.AcceleratorChoice.ParseRequest(accel) is not { } accelerator)
        {
            Console.Error.WriteLine($"hvcert selftest: --accel '{accel}' is not auto, tcg or kvm.");
            return ExitCodes.BadInput;
        }

        if (backendName != "qemu" || gen is not (1 or 2))
        {
            Console.Error.WriteLine($"hvcert selftest: only --backend qemu (the lab) and --generation 1|2 are supported (got '{backendName}', {gen}); Hyper-V controls need a Windows host.");
            return ExitCodes.BadInput;
        }

        foreach (var id in featureIds.Where(id => !FeatureCatalog.TryGet(id, out _)))
        {
            var hints = FeatureIdSuggestions.For(id);
            Console.Error.WriteLine($"hvcert selftest: unknown feature id '{id}'." + (hints.Count > 0 ? $" Did you mean: {string.Join(", ", hints)}?" : ""));
            return ExitCodes.BadInput;
        }

        var probes = ProbeRegistry.All.Where(p => p.Os == OsFamily.Linux && (featureIds.Length == 0 || featureIds.Contains(p.FeatureId))
            && FeatureCatalog.Get(p.FeatureId).AppliesTo((Generation)gen)).ToList();
        await using var backend = await HvCert.Qemu.Lab.QemuBackend.CreateDefaultAsync(cancellationToken, accelerator: accelerator);
        Console.Error.WriteLine($"accelerator: {backend.Accelerator.Name} ({backend.Accelerator.Reason})");
        var (planned, notExpressible) = SelftestPlan.Build(probes, backend.Capabilities.ExpressibleFaults);
        var runId = $"st-{Guid.NewGuid():N}"[..14];
        var runner = new SelftestRunner(backend, image, (Generation)gen, captureDir, Console.Error, TimeProvider.System);
        // A feature the backend does not offer has nothing to control: no negative VM boots for it.
        var groups = planned.Select(g => g.Negative ? g with { Probes = g.Probes.Where(p => runner.NotOffered(p) is null).ToList() } : g)
            .Where(g => g.Probes.Count > 0).ToList();
        var positive = new Dictionary<string, Verdict>();
        var negative = new Dictionary<string, Verdict>();
        try
        {
            foreach (var group in groups)
            {
                foreach (var (k, v) in await runner.RunGroupAsync(runId, group, cancellationToken))
                {
                    (group.Negative ? negative : positive)[k] = v;
                }
            }
        }
        finally
        {
            await backend.ReapAsync(runId, CancellationToken.None);
        }

        return SelftestTable.Print(probes, positive, negative, notExpressible, Console.Out);
    }
}
