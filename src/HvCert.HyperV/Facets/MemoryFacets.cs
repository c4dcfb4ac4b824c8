using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>
/// Memory changes on a running VM through ModifyResourceSettings on Msvm_MemorySettingData (MB, multiples of 128).
/// Dynamic Memory cannot be toggled while running; only minimum/maximum change (hyperv-wmi.md §1.3). Hot-add raises the
/// minimum above the startup size, which makes the host add memory now; ballooning lowers the maximum, which makes it reclaim.
/// </summary>
internal sealed class MemoryFacets(VmContext vm) : IMemoryHotAddFacet, IBalloonFacet, IRuntimeMemoryResizeFacet
{
    public Task<HostActionResult> HotAddAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync(vm, "HotAddMemory", async () =>
        {
            var memory = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            var startup = memory.Number("VirtualQuantity") ?? 0;
            var target = Round(startup + megabytes);
            var limit = Math.Max(memory.Number("Limit") ?? target, target);
            await vm.Session.ModifyResourceAsync(memory.With(("Limit", CimValue.UInt64(limit)), ("Reservation", CimValue.UInt64(target))), cancellationToken);
            return HostActionResult.Success("HotAddMemory", ("added_mb", Text(target - startup)), ("minimum_mb", Text(target)), ("maximum_mb", Text(limit)));
        });

    public Task<HostActionResult> SetTargetAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync(vm, "BalloonTarget", async () =>
        {
            var memory = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            var target = Round(megabytes);
            var reservation = Math.Min(memory.Number("Reservation") ?? target, target);
            await vm.Session.ModifyResourceAsync(memory.With(("Limit", CimValue.UInt64(target)), ("Reservation", CimValue.UInt64(reservation))), cancellationToken);
            var after = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            return HostActionResult.Success("BalloonTarget", ("target_mb", Text(target)), ("actual_mb", Text(after.Number("Limit") ?? 0)));
        });

    public Task<HostActionResult> ResizeAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync(vm, "RuntimeMemoryResize", async () =>
        {
            var memory = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            var size = Round(megabytes);
            await vm.Session.ModifyResourceAsync(memory.With(("VirtualQuantity", CimValue.UInt64(size)), ("Reservation", CimValue.UInt64(size)), ("Limit", CimValue.UInt64(size))), cancellationToken);
            var after = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            return HostActionResult.Success("RuntimeMemoryResize", ("requested_mb", Text(megabytes)), ("size_mb", Text(after.Number("VirtualQuantity") ?? 0)));
        });

    private static long Round(long mb) => (mb + 127) / 128 * 128;
}
