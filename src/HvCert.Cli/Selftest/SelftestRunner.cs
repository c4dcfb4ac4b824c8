using System.Globalization;
using System.Text.Json;
using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Running;
using HvCert.Transport;

namespace HvCert.Cli.Selftest;

/// <summary>
/// Boots each self-test VM in turn (sequentially: the lab has 2 cores), runs its probes through the same
/// ProbeContext a real run uses, judges each from the recorded evidence, and destroys the VM. Exceptions from the
/// backend or transport become Error verdicts, never Not supported. As in a run, an infrastructure Error (the VM or its
/// connection died, a step timed out, the guest's disk filled) is retried once on a fresh VM, and the group's remaining
/// probes continue there: a lab crash under a positive must not read as a failed control. Optionally writes each
/// probe's outputs in the `hvcert judge --outputs` layout.
/// </summary>
internal sealed class SelftestRunner(IHostBackend backend, string image, Generation generation, string? captureDir, TextWriter log, TimeProvider time)
{
    public static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(6);

    public async Task<Dictionary<string, Verdict>> RunGroupAsync(string runId, SelftestGroup group, CancellationToken cancellationToken)
    {
        var verdicts = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        var pending = new List<IProbe>(group.Probes);
        var retried = new HashSet<string>(StringComparer.Ordinal);
        for (var boot = 1; pending.Count > 0; boot++)
        {
            await RunOnOneVmAsync(runId, group, boot, pending, retried, verdicts, cancellationToken);
        }

        return verdicts;
    }

    /// <summary>
    /// Runs pending probes on one fresh VM until they are done or an infrastructure Error makes the VM suspect. Every
    /// failure either spends a probe's one retry (the probe stays pending) or settles its verdict, so the loop ends.
    /// </summary>
    private async Task RunOnOneVmAsync(string runId, SelftestGroup group, int boot, List<IProbe> pending, HashSet<string> retried,
        Dictionary<string, Verdict> verdicts, CancellationToken cancellationToken)
    {
        var name = $"st-{(group.Negative ? "neg" : "pos")}-{Math.Abs(group.Name.GetHashCode(StringComparison.Ordinal)) % 100000}" + (boot > 1 ? $"-r{boot}" : "");
        // Gen2 boots with Secure Boot on, as the lab matrix certifies it; the SecureBootOff fault turns it off for the control.
        var spec = new VmSpec(runId, name, image, generation, generation == Generation.Gen2, Faults: group.Faults);
        log.WriteLine($"[{time.GetUtcNow():HH:mm:ss}] {group.Name}: booting {name} ({pending.Count} probes)");
        IVm vm;
        try
        {
            vm = await backend.ProvisionAsync(spec, cancellationToken);
        }
        catch (Exception ex) when (ex is InfrastructureException or GuestUnreachableException or IOException or InvalidOperationException)
        {
            BootFailed(pending, retried, verdicts, $"VM did not provision: {ex.Message}");
            return;
        }

        await using (vm)
        {
            IGuestTransport guest;
            try
            {
                guest = await vm.UntilSshAcceptsAsync(BootDeadline, cancellationToken);
            }
            catch (Exception ex) when (ex is InfrastructureException or GuestUnreachableException or TimeoutException or IOException)
            {
                BootFailed(pending, retried, verdicts, $"VM did not accept SSH: {ex.Message}");
                return;
            }

            var clean = await SaveCleanAsync(vm, group, cancellationToken);
            var used = false;
            while (pending.Count > 0)
            {
                var probe = pending[0];
                (Verdict Verdict, bool Infrastructure) outcome;
                (IGuestTransport? Guest, string? Failure) reverted = probe.Isolation == Isolation.OwnVm && used && clean is not null ? await RevertAsync(clean, vm, cancellationToken) : (guest, (string?)null);
                guest = reverted.Guest ?? guest;
                if (reverted.Failure is { } why)
                {
                    outcome = (Verdict.Error(why), true);
                }
                else
                {
                    outcome = await RunProbeAsync(probe, vm, guest, group, cancellationToken);
                    used = true;
                }

                if (outcome.Infrastructure && retried.Add(probe.FeatureId))
                {
                    log.WriteLine($"[{time.GetUtcNow():HH:mm:ss}]   {probe.FeatureId}: Error: {outcome.Verdict.Reason}; retrying once on a fresh VM");
                    return;
                }

                pending.RemoveAt(0);
                verdicts[probe.FeatureId] = outcome.Verdict;
                log.WriteLine($"[{time.GetUtcNow():HH:mm:ss}]   {probe.FeatureId}: {outcome.Verdict.Kind}: {outcome.Verdict.Reason}");
                if (outcome.Infrastructure)
                {
                    return; // Its retry is spent, but the VM is suspect: the rest of the group gets a fresh one.
                }
            }
        }
    }

    /// <summary>The VM never came up: every pending probe spends its retry, or, already retried, ends as Error.</summary>
    private void BootFailed(List<IProbe> pending, HashSet<string> retried, Dictionary<string, Verdict> verdicts, string why)
    {
        log.WriteLine($"[{time.GetUtcNow():HH:mm:ss}]   {why}");
        foreach (var probe in pending.Where(p => !retried.Add(p.FeatureId)).ToList())
        {
            verdicts[probe.FeatureId] = Verdict.Error(why);
            pending.Remove(probe);
        }
    }

    // Isolated probes (migration, hot-add, shutdown, ...) change or end the VM: each one starts from the clean
    // snapshot taken after boot, with a fresh SSH connection, as in a real run.
    private static async Task<IRevertibleVm?> SaveCleanAsync(IVm vm, SelftestGroup group, CancellationToken cancellationToken)
    {
        if (vm is not IRevertibleVm revertible || !group.Probes.Any(p => p.Isolation == Isolation.OwnVm))
        {
            return null;
        }

        await revertible.SnapshotAsync(RunOptions.CleanSnapshot, cancellationToken);
        return revertible;
    }

    private static async Task<(IGuestTransport? Guest, string? Failure)> RevertAsync(IRevertibleVm clean, IVm vm, CancellationToken cancellationToken)
    {
        try
        {
            await clean.RevertAsync(RunOptions.CleanSnapshot, cancellationToken);
            return (await vm.UntilSshAcceptsAsync(BootDeadline, cancellationToken), null);
        }
        catch (Exception ex) when (ex is InfrastructureException or GuestUnreachableException or TimeoutException or IOException or InvalidOperationException)
        {
            return (null, $"revert to the clean snapshot failed: {ex.Message}");
        }
    }

    private async Task<(Verdict Verdict, bool Infrastructure)> RunProbeAsync(IProbe probe, IVm vm, IGuestTransport guest, SelftestGroup group, CancellationToken cancellationToken)
    {
        if (NotOffered(probe) is { } preset)
        {
            return (preset, false); // As the planner decides for a run: a feature whose host facet is missing does not run.
        }

        var events = new List<EvidenceEvent>();
        var cell = new CellKey("debian-12", generation, "qemu", probe.FeatureId);
        var context = new ProbeContext(cell, 1, vm, guest, new Dictionary<string, string>(), e => { lock (events) { events.Add(e); } }, time, capabilities: backend.Capabilities);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        (Verdict, bool)? failed = null;
        try
        {
            await probe.RunAsync(context, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failed = (Verdict.Error($"the probe did not finish within {ProbeTimeout.TotalMinutes:0} min"), true);
        }
        catch (Exception ex) when (InfrastructureFailure.Is(ex))
        {
            failed = (Verdict.Error($"infrastructure: {InfrastructureFailure.Describe(ex)}"), true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failed = (Verdict.Error($"the probe crashed ({ex.GetType().Name}: {ex.Message})"), false); // would crash again: not retried
        }

        var evidence = new ProbeEvidence(backend.Kind, OsFamily.Linux, generation, vm.OfferedDevices, vm.Settings, new Dictionary<string, string>(),
            events.OfType<CommandRan>().ToList(), events.OfType<HostActionDone>().ToList());
        Capture(probe.FeatureId, group.Negative ? "negative" : "positive", evidence);
        if (failed is { } f)
        {
            return f;
        }

        // As in a run: a stalled host action or guest command, or a guest out of disk or memory, is the lab's failure.
        var verdict = probe.Judge(evidence);
        return verdict.Kind is VerdictKind.NotSupported or VerdictKind.Error && InfrastructureFaults.Find(evidence) is { } fault
            ? (Verdict.Error($"infrastructure: {fault}"), true)
            : (verdict, false);
    }

    public Verdict? NotOffered(IProbe probe) =>
        backend.Capabilities.WhyNotAll(FeatureCatalog.Get(probe.FeatureId).Facets) is { } why ? Verdict.NotOffered($"not offered by this backend: {why}") : null;

    private void Capture(string feature, string side, ProbeEvidence evidence)
    {
        if (captureDir is null)
        {
            return;
        }

        var dir = Path.Combine(captureDir, feature, side);
        Directory.CreateDirectory(dir);
        foreach (var c in evidence.Commands.GroupBy(c => c.Step).Select(g => g.Last()))
        {
            File.WriteAllText(Path.Combine(dir, $"{c.Step}.txt"), c.Stdout);
            File.WriteAllText(Path.Combine(dir, $"{c.Step}.exit"), c.ExitCode.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(dir, $"{c.Step}.cmd"), c.Command);
            if (c.Stderr.Length > 0)
            {
                File.WriteAllText(Path.Combine(dir, $"{c.Step}.err"), c.Stderr);
            }
        }

        foreach (var h in evidence.HostActions)
        {
            File.WriteAllText(Path.Combine(dir, $"h{h.Step}.json"),
                JsonSerializer.Serialize(new { ok = h.Ok, action = h.Action, observations = h.Observations, error = h.Error }, CliJson.Options));
        }

        File.WriteAllText(Path.Combine(dir, "offered.json"), JsonSerializer.Serialize(evidence.OfferedDevices.Select(d =>
            new { role = d.Role.ToString(), model = d.Model, guestDrivers = d.GuestDrivers, pciVendorDevice = d.PciVendorDevice }), CliJson.Options));
    }
}
