using HvCert.HyperV.Cim;
using HvCert.HyperV.Jobs;

namespace HvCert.HyperV.Facets;

/// <summary>RequestStateChange and EnabledState polling (hyperv-wmi.md §1.5).</summary>
internal static class VmPower
{
    public const int Running = 2;
    public const int Off = 3;

    public static async Task RequestAsync(VmContext vm, int state, CancellationToken ct)
    {
        try
        {
            await vm.Session.InvokeAsync(vm.SystemRef, "RequestStateChange", ct, null, new CimArgument("RequestedState", CimValue.UInt16(state)));
        }
        catch (HyperVException e) when (e is HyperVMethodException { Kind: HyperVErrorKind.InvalidState } or HyperVJobFailedException { ErrorCode: 32775 })
        {
            // 32775 when already in the requested state: os-win treats it as success, so do we; otherwise it is an error.
            // Hyper-V returns it directly; a job that failed with it means the same. Teardown starts by turning the VM off, and
            // a VM the shutdown probe already turned off must not make it stop there (leaking the VM and its DDA device).
            if (await StateAsync(vm, ct) != state)
            {
                throw;
            }
        }
    }

    public static async Task<int> StateAsync(VmContext vm, CancellationToken ct) => (int)((await vm.SystemAsync(ct)).Number("EnabledState") ?? 0);

    public static async Task<bool> UntilStateAsync(VmContext vm, int state, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = vm.Session.Time.GetUtcNow() + timeout;
        while (true)
        {
            if (await StateAsync(vm, ct) == state)
            {
                return true;
            }

            if (vm.Session.Time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), vm.Session.Time, ct);
        }
    }
}
