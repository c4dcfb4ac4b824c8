namespace HvCert.Qemu.Qmp;

/// <summary>Every event seen on one QMP socket, plus the callers waiting for a matching one.</summary>
internal sealed class QmpEventLog(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<QmpEvent> seen = [];
    private readonly List<(Func<QmpEvent, bool> Match, TaskCompletionSource<QmpEvent> Waiter)> waiters = [];
    private Exception? closedBecause;

    public IReadOnlyList<QmpEvent> Snapshot()
    {
        lock (gate)
        {
            return [.. seen];
        }
    }

    public void Add(QmpEvent e)
    {
        List<TaskCompletionSource<QmpEvent>> wake = [];
        lock (gate)
        {
            seen.Add(e);
            foreach (var w in waiters.Where(w => w.Match(e)).ToList())
            {
                waiters.Remove(w);
                wake.Add(w.Waiter);
            }
        }

        wake.ForEach(w => w.TrySetResult(e));
    }

    public async Task<QmpEvent> WaitAsync(Func<QmpEvent, bool> match, bool includePast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<QmpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            var past = includePast ? seen.LastOrDefault(match) : null;
            if (past is not null)
            {
                return past;
            }

            if (closedBecause is not null)
            {
                throw closedBecause;
            }

            waiters.Add((match, waiter));
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout, time, cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                waiters.RemoveAll(w => w.Waiter == waiter);
            }
        }
    }

    public void Close(Exception reason)
    {
        List<TaskCompletionSource<QmpEvent>> wake;
        lock (gate)
        {
            closedBecause = reason;
            wake = waiters.Select(w => w.Waiter).ToList();
            waiters.Clear();
        }

        wake.ForEach(w => w.TrySetException(reason));
    }
}
