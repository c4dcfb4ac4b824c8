namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Virtual time for the twin and the code under test, as a small discrete-event clock. A one-shot timer due within
/// <see cref="JumpLimit"/> (a poll interval: Task.Delay(500 ms)) fires at once on the thread pool and moves the clock to its due
/// time, so a backend polling a job for 30 s of host time finishes in milliseconds and still sees time pass. Longer timers
/// (timeouts such as a probe's CancellationTokenSource) and periodic ones never move the clock: they fire when other activity
/// has moved it past their due time, which is exactly when a real timeout would have expired.
/// </summary>
public sealed class TwinClock(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private readonly List<(long Due, Action Fire)> waiting = [];
    private long ticks = start.UtcTicks;

    public TwinClock() : this(new DateTimeOffset(2025, 1, 15, 8, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>One-shot timers due within this span jump the clock; longer ones wait for it.</summary>
    public TimeSpan JumpLimit { get; init; } = TimeSpan.FromSeconds(30);

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves time forward (never back), firing every waiting timer that has become due.</summary>
    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    public void AdvanceTo(DateTimeOffset when)
    {
        List<Action> due;
        lock (gate)
        {
            ticks = Math.Max(ticks, when.UtcTicks);
            due = waiting.Where(w => w.Due <= ticks).Select(w => w.Fire).ToList();
            waiting.RemoveAll(w => w.Due <= ticks);
        }

        foreach (var fire in due)
        {
            ThreadPool.QueueUserWorkItem(_ => fire());
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new VirtualTimer(this, callback, state, dueTime, period);

    private void Schedule(long due, Action fire, bool jump)
    {
        if (jump)
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                AdvanceTo(new DateTimeOffset(due, TimeSpan.Zero));
                fire();
            });
            return;
        }

        lock (gate)
        {
            if (due > ticks)
            {
                waiting.Add((due, fire));
                return;
            }
        }

        ThreadPool.QueueUserWorkItem(_ => fire());
    }

    private sealed class VirtualTimer : ITimer
    {
        private readonly TwinClock clock;
        private readonly TimerCallback callback;
        private readonly object? state;
        private int generation;
        private volatile bool disposed;

        public VirtualTimer(TwinClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            (this.clock, this.callback, this.state) = (clock, callback, state);
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var mine = Interlocked.Increment(ref generation);
            if (disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !disposed;
            }

            var periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
            Arm(mine, clock.GetUtcNow().UtcTicks + dueTime.Ticks, period, !periodic && dueTime <= clock.JumpLimit);
            return true;
        }

        private void Arm(int mine, long due, TimeSpan period, bool jump) => clock.Schedule(due, () =>
        {
            if (disposed || mine != Volatile.Read(ref generation))
            {
                return;
            }

            callback(state);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                Arm(mine, due + period.Ticks, period, jump: false);
            }
        }, jump);

        public void Dispose() => disposed = true;

        public ValueTask DisposeAsync()
        {
            disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
