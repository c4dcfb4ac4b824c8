using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>Memory hot-add: <c>object-add memory-backend-ram</c> + <c>device_add pc-dimm</c> into a spare slot.</summary>
internal sealed class QemuMemoryHotAddFacet(QemuVm vm) : IMemoryHotAddFacet
{
    private int added;

    public Task<HostActionResult> HotAddAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync("device_add pc-dimm", vm.Lab.Time, async () =>
        {
            var n = Interlocked.Increment(ref added);
            await vm.Qmp.ExecuteAsync("object-add", new JsonObject
            {
                ["qom-type"] = "memory-backend-ram", ["id"] = $"hotmem{n}", ["size"] = (long)megabytes * 1024 * 1024,
            }, null, cancellationToken);
            await vm.Qmp.ExecuteAsync("device_add", new JsonObject { ["driver"] = "pc-dimm", ["id"] = $"dimm{n}", ["memdev"] = $"hotmem{n}" }, null, cancellationToken);
            var summary = await vm.Qmp.ExecuteAsync("query-memory-size-summary", null, null, cancellationToken);
            var plugged = summary.TryGetProperty("plugged-memory", out var p) ? p.GetInt64() / (1024 * 1024) : 0;
            return HostActionResult.Success("device_add pc-dimm", Obs("added_mb", megabytes), Obs("plugged_mb", plugged), Obs("dimm", $"dimm{n}"));
        });
}

/// <summary>virtio-balloon: QMP <c>balloon</c>, then <c>query-balloon</c> until the guest reached the target (or the wait ends).</summary>
internal sealed class QemuBalloonFacet(QemuVm vm) : IBalloonFacet
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private const long Mib = 1024 * 1024;

    public Task<HostActionResult> SetTargetAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync("balloon", vm.Lab.Time, () => BalloonToAsync(megabytes, null, cancellationToken));

    public Task<HostActionResult> ReclaimAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync("balloon", vm.Lab.Time, async () =>
        {
            // query-balloon's actual is the guest's RAM less the balloon, pc-dimms plugged by an earlier hot-add included.
            var before = (await vm.Qmp.ExecuteAsync("query-balloon", null, null, cancellationToken)).GetProperty("actual").GetInt64() / Mib;
            return await BalloonToAsync((int)before - megabytes, before, cancellationToken);
        });

    private async Task<HostActionResult> BalloonToAsync(int megabytes, long? before, CancellationToken cancellationToken)
    {
        await vm.Qmp.ExecuteAsync("balloon", new JsonObject { ["value"] = megabytes * Mib }, null, cancellationToken);
        var started = vm.Lab.Time.GetTimestamp();
        var poll = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), vm.Lab.Time);
        long actual;
        do
        {
            actual = (await vm.Qmp.ExecuteAsync("query-balloon", null, null, cancellationToken)).GetProperty("actual").GetInt64() / Mib;
            if (Math.Abs(actual - megabytes) <= 2)
            {
                break;
            }

            await poll.WaitAsync(cancellationToken);
        }
        while (vm.Lab.Time.GetElapsedTime(started) < Settle);

        var reached = Obs("reached", (Math.Abs(actual - megabytes) <= 2).ToString().ToLowerInvariant());
        return before is { } b
            ? HostActionResult.Success("balloon", Obs("before_mb", b), Obs("target_mb", megabytes), Obs("actual_mb", actual), reached)
            : HostActionResult.Success("balloon", Obs("target_mb", megabytes), Obs("actual_mb", actual), reached);
    }
}

/// <summary>
/// Runtime resize with virtio-mem: <c>qom-set requested-size</c> on the VM's virtio-mem device (1 GiB region, empty at
/// boot). <c>megabytes</c> is the total memory wanted; the base memory stays, virtio-mem supplies the rest.
/// </summary>
internal sealed class QemuRuntimeMemoryResizeFacet(QemuVm vm) : IRuntimeMemoryResizeFacet
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private const string Path = "/machine/peripheral/" + QemuCommandLine.VirtioMemId;

    public Task<HostActionResult> ResizeAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync("qom-set requested-size", vm.Lab.Time, async () =>
        {
            const long mib = 1024 * 1024;
            var baseMb = vm.Spec.EffectiveMemoryMb;
            var extra = megabytes - baseMb;
            if (!vm.Options.MemoryHotplug || extra < 0 || extra > LaunchOptions.VirtioMemRegionMb || extra % 2 != 0)
            {
                return HostActionResult.Failure("qom-set requested-size",
                    $"{megabytes} MB is outside what this VM can take at runtime ({baseMb}..{baseMb + (vm.Options.MemoryHotplug ? LaunchOptions.VirtioMemRegionMb : 0)} MB in 2 MB steps)",
                    Obs("requested_mb", megabytes), Obs("size_mb", baseMb));
            }

            await vm.Qmp.ExecuteAsync("qom-set", new JsonObject { ["path"] = Path, ["property"] = "requested-size", ["value"] = extra * mib }, null, cancellationToken);
            var started = vm.Lab.Time.GetTimestamp();
            var poll = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), vm.Lab.Time);
            long size;
            do
            {
                size = (await vm.Qmp.ExecuteAsync("qom-get", new JsonObject { ["path"] = Path, ["property"] = "size" }, null, cancellationToken)).GetInt64() / mib;
                if (size == extra)
                {
                    break;
                }

                await poll.WaitAsync(cancellationToken);
            }
            while (vm.Lab.Time.GetElapsedTime(started) < Settle);

            return HostActionResult.Success("qom-set requested-size", Obs("requested_mb", megabytes), Obs("size_mb", baseMb + size), Obs("virtio_mem_mb", size));
        });
}
