using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HvCert.Hosts;

namespace HvCert.Qemu.Lab;

/// <summary>
/// Internal snapshots of the whole VM (RAM, devices and every qcow2 disk, OVMF variables included) with
/// <c>savevm</c>/<c>loadvm</c>. After a revert the guest clock lags by the time spent saved, so it is set from the host
/// clock through the guest agent.
/// </summary>
internal static partial class SnapshotCommands
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task SaveAsync(QemuVm vm, string name, CancellationToken cancellationToken) =>
        await HumanAsync(vm, $"savevm {Checked(name)}", cancellationToken);

    public static async Task LoadAsync(QemuVm vm, string name, CancellationToken cancellationToken)
    {
        await HumanAsync(vm, $"loadvm {Checked(name)}", cancellationToken);
        var status = await vm.Qmp.ExecuteAsync("query-status", null, null, cancellationToken);
        if (status.GetProperty("status").GetString() != "running")
        {
            await vm.Qmp.ExecuteAsync("cont", null, null, cancellationToken);
        }

        if (vm.HasAgent)
        {
            await SetGuestClockAsync(vm, cancellationToken);
        }
    }

    /// <summary>Pushes host UTC into the guest with <c>guest-set-time</c>; returns the guest's offset before, in ms.</summary>
    public static async Task<double> SetGuestClockAsync(QemuVm vm, CancellationToken cancellationToken)
    {
        var agent = await vm.AgentAsync(cancellationToken);
        var before = (await agent.ExecuteAsync("guest-get-time", null, TimeSpan.FromSeconds(30), cancellationToken)).GetInt64();
        var hostNs = (vm.Lab.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        await agent.ExecuteAsync("guest-set-time", new JsonObject { ["time"] = hostNs }, TimeSpan.FromSeconds(30), cancellationToken);
        return (before - hostNs) / 1e6;
    }

    private static async Task HumanAsync(QemuVm vm, string commandLine, CancellationToken cancellationToken)
    {
        var output = await vm.Qmp.ExecuteAsync("human-monitor-command", new JsonObject { ["command-line"] = commandLine }, Timeout, cancellationToken);
        var text = output.ValueKind == JsonValueKind.String ? output.GetString() ?? "" : "";
        if (text.Contains("Error", StringComparison.OrdinalIgnoreCase))
        {
            throw new InfrastructureException($"{commandLine} on {vm.Options.QemuName} failed: {text.Trim()}");
        }
    }

    private static string Checked(string name) => SafeName().IsMatch(name)
        ? name
        : throw new ArgumentException($"snapshot name '{name}' must match [A-Za-z0-9_.-]{{1,64}}", nameof(name));

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SafeName();
}
