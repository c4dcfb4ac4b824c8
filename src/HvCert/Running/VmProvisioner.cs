using System.Text.RegularExpressions;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;

namespace HvCert.Running;

/// <summary>
/// Boots VMs for one group: provision, wait until SSH accepts, record VmProvisioned and the guest facts, and take the
/// clean snapshot when the group has isolated probes and the VM can revert. Any failure on the way (boot timeout,
/// SSH never up, host error) is recorded as VmProvisionFailed with the serial log's tail and yields no VM.
/// </summary>
internal sealed partial class VmProvisioner(IHostBackend backend, RunRecorder recorder, RunOptions options, VmGroup group, bool snapshot)
{
    private const int SerialTail = 4096;
    // A resumed run continues VM numbering after the killed run's VMs, so VM keys in one evidence file never repeat.
    private int count = recorder.Snapshot()
        .Select(e => e switch { VmProvisioned v => v.VmKey, VmProvisionFailed f => f.VmKey, _ => null })
        .Where(k => k is not null && k.StartsWith(group.Key + "#", StringComparison.Ordinal))
        .Select(k => int.TryParse(k![(group.Key.Length + 1)..], out var n) ? n : 0)
        .DefaultIfEmpty(0).Max();

    public string LastFailure { get; private set; } = "";

    public async Task<VmLease?> TryProvisionAsync(CancellationToken cancellationToken)
    {
        var key = $"{group.Key}#{++count}";
        var name = VmName(options.RunId, group.Key, count);
        IVm? vm = null;
        var started = recorder.Time.GetTimestamp();
        try
        {
            recorder.Progress.Status(key, $"booting {group.Target.Id} {group.Generation}");
            var image = group.Target.Images.TryGetValue(group.Generation, out var i) ? i
                : throw new InfrastructureException($"the matrix names no {group.Generation} image for {group.Target.Id}");
            var spec = new VmSpec(options.RunId, name, image, group.Generation, group.SecureBoot, group.Target.Os, HostColumn: group.Host);
            vm = await backend.ProvisionAsync(spec, cancellationToken);
            var guest = await vm.UntilSshAcceptsAsync(options.BootDeadline, cancellationToken);
            recorder.Record(new VmProvisioned(key, vm.Name, group.Target.Id, group.Generation, group.SecureBoot, [.. spec.FaultSet],
                vm.OfferedDevices, vm.Settings, recorder.Time.GetElapsedTime(started).TotalSeconds) { Os = group.Target.Os, Host = group.Host, RanOn = vm.Placement });
            recorder.Record(await GuestFactsCollector.CollectAsync(key, group, guest, cancellationToken));
            return new VmLease(key, vm, guest, snapshot && await TrySnapshotAsync(key, vm, cancellationToken));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A boot that failed because the run is being cancelled (its QEMU killed by the signal handler) is no VM
            // failure: charging it would spend the retry of every cell waiting for this VM, or end them as Error.
            if (await CancellationWait.ArrivesWithinAsync(options.CancellationGrace, cancellationToken))
            {
                await DestroyQuietlyAsync(key, vm);
                throw new OperationCanceledException("the run was cancelled while this VM booted", ex, cancellationToken);
            }

            LastFailure = $"infrastructure: VM {name} did not come up ({InfrastructureFailure.Describe(ex)})";
            recorder.Record(new VmProvisionFailed(key, name, group.Target.Id, group.Generation, InfrastructureFailure.Describe(ex), Tail(vm)));
            await DestroyQuietlyAsync(key, vm);
            return null;
        }
        catch (OperationCanceledException)
        {
            await DestroyQuietlyAsync(key, vm);
            throw;
        }
    }

    private async Task<bool> TrySnapshotAsync(string key, IVm vm, CancellationToken cancellationToken)
    {
        if (vm is not IRevertibleVm revertible)
        {
            return false;
        }

        try
        {
            recorder.Progress.Status(key, "saving the clean snapshot");
            await revertible.SnapshotAsync(RunOptions.CleanSnapshot, cancellationToken);
            return true;
        }
        catch (Exception ex) when (InfrastructureFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            recorder.Progress.Status(key, $"snapshot failed ({ex.Message}); isolated probes get fresh VMs");
            return false;
        }
    }

    private async Task DestroyQuietlyAsync(string key, IVm? vm)
    {
        if (vm is null)
        {
            return;
        }

        try
        {
            await vm.DisposeAsync();
            recorder.Record(new VmDestroyed(key, vm.Name));
        }
        catch (Exception ex)
        {
            recorder.Progress.Status(key, $"could not destroy {vm.Name} ({ex.Message}); 'hvcert reap --run {options.RunId}' removes it");
        }
    }

    private static string Tail(IVm? vm)
    {
        string log;
        try
        {
            log = vm?.SerialLog() ?? "";
        }
        catch (Exception ex)
        {
            log = $"(serial log unavailable: {ex.Message})";
        }

        return log.Length <= SerialTail ? log : log[^SerialTail..];
    }

    /// <summary>
    /// Backends use the name as a QEMU -name, a folder or a Hyper-V VM name, so it stays within [a-z0-9-]{1,40}:
    /// "hv-", the run id's random suffix, the group key and the VM number. The full run id travels in VmSpec.RunId.
    /// </summary>
    internal static string VmName(string runId, string groupKey, int number)
    {
        var suffix = $"-{number}";
        var prefix = $"hv-{runId[(runId.LastIndexOf('-') + 1)..]}-";
        var slug = Slug().Replace(groupKey, "-").Trim('-').ToLowerInvariant();
        var room = 40 - prefix.Length - suffix.Length;
        return (prefix + (slug.Length <= room ? slug : slug[..room].TrimEnd('-')) + suffix).ToLowerInvariant();
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex Slug();
}
