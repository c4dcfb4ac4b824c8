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

    public async Task RunAsync(ProbeContext context, StepScope scope, CancellationToken cancellationToken)
    {
        var samples = Math.Clamp(scope.Int("samples"), 1, 256);
        var observations = new List<(string, string)> { ("samples", samples.ToString(CultureInfo.InvariantCulture)) };
        if (ResolutionMs > 0)
        {
            observations.Add(("resolution_ms", ResolutionMs.ToString(CultureInfo.InvariantCulture)));
        }

        for (var i = 0; i < samples; i++)
        {
            var before = context.Time.GetUtcNow();
            var result = await context.ExecAsync(Step, Command, TimeSpan.FromSeconds(30), cancellationToken);
            var after = context.Time.GetUtcNow();
            observations.Add(($"sample.{i}.before", Unix(before)));
            observations.Add(($"sample.{i}.after", Unix(after)));
            observations.Add(($"sample.{i}.guest", result.ExitCode == 0 ? result.Stdout.Trim() : $"exit {result.ExitCode}"));
        }

        await context.HostAsync(HostStep, _ => Task.FromResult(HostActionResult.Success(Action, observations.ToArray())), cancellationToken);
    }

    private static string Unix(DateTimeOffset t) =>
        (t.ToUnixTimeMilliseconds() / 1000m + (t.Ticks % TimeSpan.TicksPerMillisecond) / (decimal)TimeSpan.TicksPerSecond)
        .ToString("0.0000000", CultureInfo.InvariantCulture);
}
