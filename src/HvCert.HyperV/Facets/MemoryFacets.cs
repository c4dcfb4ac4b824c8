using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>
/// Memory changes on a running VM through ModifyResourceSettings on Msvm_MemorySettingData (MB). Hyper-V keeps
/// Reservation (minimum) &lt;= VirtualQuantity (startup) &lt;= Limit (maximum) and, with Dynamic Memory on, fixes the startup size
/// while running (hyperv-wmi.md "Corrections", Set-VMMemory). So hot-add raises the maximum (room the guest's demand can grow
/// into through hv_balloon hot-add) and ballooning lowers the minimum (what the host may reclaim down to); neither crosses startup.
/// </summary>
internal sealed class MemoryFacets(VmContext vm) : IMemoryHotAddFacet, IBalloonFacet, IRuntimeMemoryResizeFacet
{
    public Task<HostActionResult> HotAddAsync(int megabytes, CancellationToken cancellationToken) =>
        RunAsync(vm, "HotAddMemory", async () =>
        {
            var memory = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            var startup = memory.Number("VirtualQuantity") ?? 0;
            var before = memory.Number("Limit") ?? startup;
            var limit = Round(Math.Max(before, startup) + megabytes);
            await vm.Session.ModifyResourceAsync(memory.With(("Limit", CimValue.UInt64(limit))), cancellationToken);
            return HostActionResult.Success("HotAddMemory", ("added_mb", Text(limit - before)), ("startup_mb", Text(startup)), ("maximum_mb", Text(limit)),
                ("previous_maximum_mb", Text(before)));
        });

    public Task<HostActionResult> SetTargetAsync(int megabytes, CancellationToken cancellationToken) => BalloonAsync(_ => megabytes, cancellationToken);

    // Read at this step: hot-add raises the maximum, never the startup memory, so startup is what the guest can give back from.
    public Task<HostActionResult> ReclaimAsync(int megabytes, CancellationToken cancellationToken) => BalloonAsync(startup => startup - megabytes, cancellationToken);

    private Task<HostActionResult> BalloonAsync(Func<long, long> targetOf, CancellationToken cancellationToken) =>
        RunAsync(vm, "BalloonTarget", async () =>
        {
            var memory = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            var startup = memory.Number("VirtualQuantity") ?? 0;
            var target = Math.Min(Round(targetOf(startup)), startup);
            await vm.Session.ModifyResourceAsync(memory.With(("Reservation", CimValue.UInt64(target))), cancellationToken);
            var after = await vm.SettingAsync("Msvm_MemorySettingData", cancellationToken);
            return HostActionResult.Success("BalloonTarget", ("target_mb", Text(target)), ("actual_mb", Text(after.Number("Reservation") ?? 0)), ("startup_mb", Text(startup)),
                ("before_mb", Text(startup)));
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
