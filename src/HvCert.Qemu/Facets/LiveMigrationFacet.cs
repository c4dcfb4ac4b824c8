using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>
/// Live migration to a second QEMU on this host, started with <c>-incoming tcp:127.0.0.1:PORT</c> on the same disks,
/// then QMP <c>migrate</c>. On success the destination becomes the VM (new QMP socket, new SSH port) and the source quits.
/// </summary>
internal sealed class QemuLiveMigrationFacet(QemuVm vm) : ILiveMigrationFacet
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private int instance;

    public Task<HostActionResult> MigrateAsync(CancellationToken cancellationToken) =>
        RunAsync("migrate", vm.Lab.Time, async () =>
        {
            var port = QemuLab.FreePort();
            var n = Interlocked.Increment(ref instance);
            var refuse = vm.Spec.Has(VmFault.MigrationTargetRefuses);
            // The refusing target lacks the balloon device, so the incoming device state cannot be loaded.
            var spec = refuse ? vm.Spec with { Faults = vm.Spec.FaultSet.Append(VmFault.NoBalloonDevice).ToHashSet() } : vm.Spec;
            var tap = vm.Options.PeerTap is not null && vm.Network is { } net
                ? await net.CreateTapAsync(multiQueue: !vm.Spec.Has(VmFault.SingleQueueNic), cancellationToken)
                : null;
            var destination = vm.Options with
            {
                Spec = spec, Files = vm.Options.Files with { Instance = n }, SshPort = QemuLab.FreePort(), IncomingPort = port, PeerTap = tap,
            };
            var (process, qmp) = await new VmProvisioner(vm.Lab, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).StartAsync(destination, cancellationToken);
            if (tap is not null)
            {
                await vm.Network!.AttachAsync(tap, cancellationToken);
            }

            await vm.Qmp.ExecuteAsync("migrate", new JsonObject { ["uri"] = $"tcp:127.0.0.1:{port}" }, null, cancellationToken);
            var started = vm.Lab.Time.GetTimestamp();
            var poll = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), vm.Lab.Time);
            System.Text.Json.JsonElement info;
            string status;
            do
            {
                await poll.WaitAsync(cancellationToken);
                info = await vm.Qmp.ExecuteAsync("query-migrate", null, null, cancellationToken);
                status = info.TryGetProperty("status", out var s) ? s.GetString() ?? "?" : "none";
            }
            while (status is "setup" or "active" or "device" or "pre-switchover" && vm.Lab.Time.GetElapsedTime(started) < Limit);

            if (status != "completed")
            {
                var why = info.TryGetProperty("error-desc", out var e) ? e.GetString() : $"status {status}";
                await process.StopAsync(qmp, TimeSpan.Zero);
                await qmp.DisposeAsync();
                process.Dispose();
                return HostActionResult.Failure("migrate", $"migration failed: {why}", Obs("status", status), Obs("destination", $"tcp:127.0.0.1:{port}"));
            }

            var downtime = info.TryGetProperty("downtime", out var d) ? d.GetInt64() : -1;
            var ram = info.TryGetProperty("ram", out var r) ? r.GetProperty("transferred").GetInt64() : 0;
            var seconds = vm.Lab.Time.GetElapsedTime(started).TotalSeconds;
            await vm.SwitchToAsync(destination, process, qmp);
            return HostActionResult.Success("migrate", Obs("downtime_ms", downtime), Obs("destination", $"pid {process.Pid}, tcp:127.0.0.1:{port}"),
                Obs("transferred_bytes", ram), Obs("seconds", Math.Round(seconds, 1)), Obs("ssh_port", destination.SshPort));
        });
}
