using System.Globalization;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// Repeated timestamp exchanges over the guest transport: host clock before, guest clock, host clock after.
/// The guest command (step <see cref="ProbeStep.Step"/>) runs {{samples}} times; the host times are recorded as the
/// observations of host step <paramref name="HostStep"/> (<c>sample.N.before</c>, <c>sample.N.guest</c>, <c>sample.N.after</c>,
/// as Unix seconds with 7 decimals), so a judge can recompute offset and uncertainty from evidence alone.
/// </summary>
internal sealed record ClockExchange(int Step, int HostStep, string Purpose) : ProbeStep(Step, Purpose)
{
    /// <summary>Nanosecond guest time; one exec per sample so each sample has its own round trip.</summary>
    public string Command { get; init; } = "date +%s.%N";

    /// <summary>
    /// How coarse the guest clock reading is, recorded as <c>resolution_ms</c> and added to the uncertainty. FreeBSD's
    /// date(1) has whole seconds only: its command prints the middle of the second (.5) and says 500 ms.
    /// </summary>
    public double ResolutionMs { get; init; }

    public static ClockExchange WholeSeconds(int step, int hostStep, string purpose) =>
        new(step, hostStep, purpose) { Command = "echo \"$(date +%s).5\"", ResolutionMs = 500 };

    public const string Action = "clock-exchange";

    /// <summary>
    /// Takes up to {{samples}} exchanges. With <c>exchange_stop_ms</c> above 0 it stops early, after at least
    /// <c>exchange_min_samples</c>, once the best exchange's half round trip (the offset's uncertainty) is at most that
    /// value: more exchanges could only narrow an uncertainty already that small, so the judge's bar is unchanged. The
    /// observation <c>samples</c> is the number taken, <c>samples_planned</c> the most that could have been.
    /// </summary>
    public async Task RunAsync(ProbeContext context, StepScope scope, CancellationToken cancellationToken)
    {
        var planned = Math.Clamp(scope.Int("samples"), 1, 256);
        var stopMs = scope.Values.TryGetValue("exchange_stop_ms", out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var minSamples = scope.Values.ContainsKey("exchange_min_samples") ? Math.Clamp(scope.Int("exchange_min_samples"), 1, planned) : planned;
        var samples = new List<(string, string)>();
        var bestHalfRttMs = double.MaxValue;
        var taken = 0;
        while (taken < planned)
        {
            var before = context.Time.GetUtcNow();
            var result = await context.ExecAsync(Step, Command, TimeSpan.FromSeconds(30), cancellationToken);
            var after = context.Time.GetUtcNow();
            samples.Add(($"sample.{taken}.before", Unix(before)));
            samples.Add(($"sample.{taken}.after", Unix(after)));
            samples.Add(($"sample.{taken}.guest", result.ExitCode == 0 ? result.Stdout.Trim() : $"exit {result.ExitCode}"));
            taken++;
            if (result.ExitCode == 0)
            {
                bestHalfRttMs = Math.Min(bestHalfRttMs, (after - before).TotalMilliseconds / 2);
            }

            if (stopMs > 0 && taken >= minSamples && bestHalfRttMs + ResolutionMs <= stopMs)
            {
                break;
            }
        }

        var observations = new List<(string, string)>
        {
            ("samples", taken.ToString(CultureInfo.InvariantCulture)),
            ("samples_planned", planned.ToString(CultureInfo.InvariantCulture)),
        };
        if (ResolutionMs > 0)
        {
            observations.Add(("resolution_ms", ResolutionMs.ToString(CultureInfo.InvariantCulture)));
        }

        observations.AddRange(samples);
        await context.HostAsync(HostStep, _ => Task.FromResult(HostActionResult.Success(Action, observations.ToArray())), cancellationToken);
    }

    private static string Unix(DateTimeOffset t) =>
        (t.ToUnixTimeMilliseconds() / 1000m + (t.Ticks % TimeSpan.TicksPerMillisecond) / (decimal)TimeSpan.TicksPerSecond)
        .ToString("0.0000000", CultureInfo.InvariantCulture);
}
