using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>Reads the data disk's entry of <c>query-block</c> (virtual size, host allocation of the qcow2).</summary>
internal static class DataDisk
{
    public static async Task<JsonElement> ImageAsync(QemuVm vm, CancellationToken cancellationToken)
    {
        var blocks = await vm.Qmp.ExecuteAsync("query-block", null, null, cancellationToken);
        var data = blocks.EnumerateArray().First(b => b.GetProperty("device").GetString() == QemuCommandLine.DataDriveId);
        return data.GetProperty("inserted").GetProperty("image");
    }
}

/// <summary>Online growth of the virtio-scsi data disk with QMP <c>block_resize</c>.</summary>
internal sealed class QemuDiskResizeFacet(QemuVm vm) : IDiskResizeFacet
{
    public Task<HostActionResult> GrowDataDiskAsync(long newSizeBytes, CancellationToken cancellationToken) =>
        RunAsync("block_resize", vm.Lab.Time, async () =>
        {
            var old = (await DataDisk.ImageAsync(vm, cancellationToken)).GetProperty("virtual-size").GetInt64();
            await vm.Qmp.ExecuteAsync("block_resize", new JsonObject { ["device"] = QemuCommandLine.DataDriveId, ["size"] = newSizeBytes }, null, cancellationToken);
            var now = (await DataDisk.ImageAsync(vm, cancellationToken)).GetProperty("virtual-size").GetInt64();
            return HostActionResult.Success("block_resize", Obs("old_bytes", old), Obs("new_bytes", now), Obs("disk_serial", vm.Settings["disk.serial"]));
        });
}

/// <summary>The data disk's host allocation (<c>actual-size</c> of its qcow2 in <c>query-block</c>), which TRIM shrinks.</summary>
internal sealed class QemuDiskAllocationFacet(QemuVm vm) : IDiskAllocationFacet
{
    public Task<HostActionResult> ReadAllocationAsync(CancellationToken cancellationToken) =>
        RunAsync("query-block actual-size", vm.Lab.Time, async () =>
        {
            var image = await DataDisk.ImageAsync(vm, cancellationToken);
            return HostActionResult.Success("query-block actual-size", Obs("allocated_bytes", image.GetProperty("actual-size").GetInt64()),
                Obs("virtual_bytes", image.GetProperty("virtual-size").GetInt64()), Obs("discard", vm.Settings["disk.discard"]));
        });
}

/// <summary>
/// Application-consistent backup of the data disk: the guest agent freezes the filesystems, <c>drive-backup</c> starts
/// (copy-before-write fixes the point in time), the agent thaws, and <c>BLOCK_JOB_COMPLETED</c> ends it.
/// </summary>
internal sealed class QemuBackupFacet(QemuVm vm) : IBackupFacet
{
    private int jobs;

    public Task<HostActionResult> BackupAsync(CancellationToken cancellationToken) =>
        RunAsync("drive-backup", vm.Lab.Time, async () =>
        {
            var job = $"backup{Interlocked.Increment(ref jobs)}";
            var target = vm.Options.Files.BackupTarget;
            File.Delete(target);
            var frozen = 0;
            string? freezeError = null;
            try
            {
                var agent = await vm.AgentAsync(cancellationToken);
                frozen = (await agent.ExecuteAsync("guest-fsfreeze-freeze", null, TimeSpan.FromSeconds(30), cancellationToken)).GetInt32();
            }
            catch (Exception e) when (e is Qmp.QmpErrorException or TimeoutException or InvalidOperationException)
            {
                freezeError = e.Message;
            }

            var completed = vm.Qmp.WaitForEventAsync("BLOCK_JOB_COMPLETED", TimeSpan.FromMinutes(5), cancellationToken, e => e.DataString("device") == job);
            try
            {
                await vm.Qmp.ExecuteAsync("drive-backup", new JsonObject
                {
                    ["job-id"] = job, ["device"] = QemuCommandLine.DataDriveId, ["target"] = target, ["sync"] = "full", ["format"] = "qcow2",
                }, null, cancellationToken);
            }
            finally
            {
                if (frozen > 0)
                {
                    await (await vm.AgentAsync(cancellationToken)).ExecuteAsync("guest-fsfreeze-thaw", null, TimeSpan.FromSeconds(30), cancellationToken);
                }
            }

            var done = await completed;
            var error = done.DataString("error");
            var bytes = done.DataString("offset") ?? "0";
            File.Delete(target);
            var consistent = error is null && frozen > 0;
            return new HostActionResult("drive-backup", error is null,
                new Dictionary<string, string>
                {
                    ["consistent"] = consistent.ToString().ToLowerInvariant(), ["frozen"] = frozen.ToString(), ["bytes"] = bytes,
                    ["freeze_error"] = freezeError ?? "",
                }, error);
        });
}
