namespace HvCert.Qemu.Facets;

/// <summary>
/// Poll intervals that start short and double up to a cap: a host action that is done at once (a small balloon, a
/// finished guest-exec, a migration that converges quickly) is seen within a tenth of a second instead of a whole
/// fixed interval, and long waits still poll QMP only once per cap.
/// </summary>
internal sealed class Backoff(TimeSpan first, TimeSpan cap, TimeProvider time)
{
    private TimeSpan next = first;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(next, time, cancellationToken);
        next = TimeSpan.FromTicks(Math.Min(cap.Ticks, next.Ticks * 2));
    }
}
