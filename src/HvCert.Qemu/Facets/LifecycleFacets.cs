using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>ACPI powerdown with QMP <c>system_powerdown</c>; clean = the guest shut itself down and QEMU exited in time.</summary>
internal sealed class QemuShutdownFacet(QemuVm vm) : IShutdownFacet
{
    public Task<HostActionResult> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync("system_powerdown", vm.Lab.Time, async () =>
        {
            var started = vm.Lab.Time.GetTimestamp();
            var shutdown = vm.Qmp.WaitForEventAsync("SHUTDOWN", timeout, cancellationToken);
            await vm.Qmp.ExecuteAsync("system_powerdown", null, null, cancellationToken);
            string reason;
            try
            {
                reason = (await shutdown).DataString("reason") ?? "?";
            }
            catch (Exception e) when (e is TimeoutException or InfrastructureException)
            {
                reason = vm.Process.HasExited ? "exited-without-event" : "none";
            }

            var exited = await vm.Process.ExitsWithinAsync(TimeSpan.FromSeconds(10));
            var seconds = vm.Lab.Time.GetElapsedTime(started).TotalSeconds;
            var clean = exited && reason == "guest-shutdown" && seconds <= timeout.TotalSeconds + 10;
            return HostActionResult.Success("system_powerdown", Obs("clean", clean.ToString().ToLowerInvariant()), Obs("seconds", Math.Round(seconds, 1)),
                Obs("reason", reason), Obs("qemu_exited", exited.ToString().ToLowerInvariant()));
        });
}

/// <summary>
/// Heartbeat through the guest agent's <c>guest-ping</c>. An unanswered ping says "no heartbeat" only when QEMU itself
/// answers QMP and reports the VM running: a frozen or stopped QEMU (or a panicked guest) also leaves the ping
/// unanswered, and that is the lab failing, not the guest's heartbeat (a TimeoutException here is recorded as a
/// timed-out host action, an infrastructure Error).
/// </summary>
internal sealed class QemuHeartbeatFacet(QemuVm vm) : IHeartbeatFacet
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    public Task<HostActionResult> QueryHeartbeatAsync(CancellationToken cancellationToken) =>
        RunAsync("guest-ping", vm.Lab.Time, async () =>
        {
            var agent = await vm.AgentAsync(cancellationToken);
            if (await agent.PingAsync(PingTimeout, cancellationToken))
            {
                return HostActionResult.Success("guest-ping", Obs("alive", "true"), Obs("status", "ok"));
            }

            var status = await RunningStatusAsync(cancellationToken);
            // QEMU runs the guest: ping once more (a busy TCG guest may answer late) before calling the heartbeat absent.
            var alive = await agent.PingAsync(PingTimeout * 2, cancellationToken);
            return HostActionResult.Success("guest-ping", Obs("alive", alive.ToString().ToLowerInvariant()),
                Obs("status", alive ? "ok (second ping)" : "no answer"), Obs("qemu_status", status));
        });

    /// <summary>QEMU's own view of the VM; throws TimeoutException when QEMU does not answer or the VM is not running.</summary>
    private async Task<string> RunningStatusAsync(CancellationToken cancellationToken)
    {
        string status;
        try
        {
            status = (await vm.Qmp.ExecuteAsync("query-status", null, PingTimeout, cancellationToken)).GetProperty("status").GetString() ?? "?";
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"neither the guest agent (guest-ping) nor QEMU (QMP query-status) answered within {PingTimeout.TotalSeconds:0} s: QEMU is stalled");
        }

        return status == "running"
            ? status
            : throw new TimeoutException($"the guest agent did not answer guest-ping and QEMU reports the VM '{status}', not running");
    }
}

/// <summary>
/// Time from the host through the guest agent (<c>guest-get-time</c>/<c>guest-set-time</c>). The lab has no continuous
/// host time service to switch: "enabled" only decides whether <see cref="SyncNowAsync"/> pushes the host clock.
/// </summary>
internal sealed class QemuTimeSyncFacet(QemuVm vm) : ITimeSyncFacet
{
    private bool enabled = true;

    public Task<HostActionResult> SetTimeSyncAsync(bool enabled, CancellationToken cancellationToken)
    {
        this.enabled = enabled;
        return Task.FromResult(HostActionResult.Success("time-sync-setting", Obs("enabled", enabled.ToString().ToLowerInvariant()),
            Obs("host_utc", vm.Lab.Time.GetUtcNow().ToString("O")), Obs("mechanism", "guest-set-time on demand")));
    }

    public Task<HostActionResult> SyncNowAsync(CancellationToken cancellationToken) =>
        RunAsync("guest-set-time", vm.Lab.Time, async () =>
        {
            if (!enabled)
            {
                return HostActionResult.Failure("guest-set-time", "time sync is disabled for this VM", Obs("enabled", "false"));
            }

            var offsetBefore = await SnapshotCommands.SetGuestClockAsync(vm, cancellationToken);
            var agent = await vm.AgentAsync(cancellationToken);
            var after = (await agent.ExecuteAsync("guest-get-time", null, null, cancellationToken)).GetInt64();
            var host = vm.Lab.Time.GetUtcNow();
            var offsetAfter = (after - ((host - DateTimeOffset.UnixEpoch).Ticks * 100)) / 1e6;
            return HostActionResult.Success("guest-set-time", Obs("enabled", "true"), Obs("host_utc", host.ToString("O")),
                Obs("offset_before_ms", Math.Round(offsetBefore, 1)), Obs("offset_after_ms", Math.Round(offsetAfter, 1)));
        });
}

/// <summary>
/// Hot-adds one vCPU with <c>device_add</c> of a free slot from <c>query-hotpluggable-cpus</c>. Not on Gen2: the
/// Secure Boot OVMF runs with SMM, and a CPU added there needs the firmware's SMBASE relocation, which the Debian OVMF
/// build does not negotiate; under TCG the guest hung onlining it (SSH dropped, seen on every Gen2 lab run).
/// </summary>
internal sealed class QemuCpuHotAddFacet(QemuVm vm) : ICpuHotAddFacet
{
    public const string SmmReason = "Gen2 runs OVMF with SMM for Secure Boot; vCPU hot-add there needs firmware SMI CPU-hotplug support this OVMF lacks (the guest hangs)";

    public Task<HostActionResult> AddCpuAsync(CancellationToken cancellationToken) =>
        RunAsync("device_add cpu", vm.Lab.Time, async () =>
        {
            if (vm.Options.Uefi)
            {
                return HostActionResult.NotOffered("device_add cpu", SmmReason);
            }

            var before = (await vm.Qmp.ExecuteAsync("query-cpus-fast", null, null, cancellationToken)).GetArrayLength();
            var slots = await vm.Qmp.ExecuteAsync("query-hotpluggable-cpus", null, null, cancellationToken);
            var free = slots.EnumerateArray().FirstOrDefault(s => !s.TryGetProperty("qom-path", out _));
            if (free.ValueKind == System.Text.Json.JsonValueKind.Undefined)
            {
                return HostActionResult.Failure("device_add cpu", "no free CPU slot (maxcpus reached)", Obs("cpus_before", before), Obs("cpus_after", before));
            }

            var args = JsonNode.Parse(free.GetProperty("props").GetRawText())!.AsObject();
            args["driver"] = free.GetProperty("type").GetString();
            args["id"] = $"cpu-hot-{before}";
            await vm.Qmp.ExecuteAsync("device_add", args, null, cancellationToken);
            var after = (await vm.Qmp.ExecuteAsync("query-cpus-fast", null, null, cancellationToken)).GetArrayLength();
            return HostActionResult.Success("device_add cpu", Obs("cpus_before", before), Obs("cpus_after", after), Obs("driver", args["driver"]));
        });
}

/// <summary>QMP <c>inject-nmi</c>.</summary>
internal sealed class QemuNmiFacet(QemuVm vm) : INmiFacet
{
    public Task<HostActionResult> InjectNmiAsync(CancellationToken cancellationToken) =>
        RunAsync("inject-nmi", vm.Lab.Time, async () =>
        {
            await vm.Qmp.ExecuteAsync("inject-nmi", null, null, cancellationToken);
            return HostActionResult.Success("inject-nmi", Obs("injected", "true"));
        });
}
