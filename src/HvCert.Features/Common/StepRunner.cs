using System.Globalization;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// Runs a probe's steps in order through the <see cref="ProbeContext"/> (which records every one as evidence).
/// A failed host action ends the run: later steps depend on it, and the judge reads the failure.
/// Transport and backend exceptions propagate to the runner, which reports them as infrastructure errors.
/// </summary>
internal static class StepRunner
{
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(
        IReadOnlyList<ProbeStep> steps, ProbeContext context, IReadOnlyDictionary<string, string> defaults, CancellationToken cancellationToken)
    {
        var scope = StepScope.For(context, defaults);
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step)
            {
                case GuestCommand g:
                    var command = CommandTemplate.Fill(g.Command, scope.Values);
                    var missing = CommandTemplate.Unfilled(command);
                    if (missing.Count > 0)
                    {
                        throw new InvalidOperationException($"step {g.Step} needs {string.Join(", ", missing)}, which no parameter or earlier host action provided");
                    }

                    await context.ExecAsync(g.Step, command, g.Timeout ?? CommandTimeout(scope), cancellationToken);
                    break;
                case ClockExchange c:
                    await c.RunAsync(context, scope, cancellationToken);
                    break;
                case ReconnectGuest r:
                    context = await r.RunAsync(context, cancellationToken);
                    break;
                case HostStep h:
                    var result = await context.HostAsync(h.Step, ct => h.ExecuteAsync(context, scope, ct), cancellationToken);
                    if (!result.Ok && !h.Optional)
                    {
                        return;
                    }

                    scope.Absorb(result.Observations);
                    break;
            }
        }
    }

    private static TimeSpan CommandTimeout(StepScope scope)
    {
        if (!scope.Values.TryGetValue("command_timeout", out var text))
        {
            return DefaultCommandTimeout;
        }

        var seconds = text.TrimEnd('s');
        return double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : DefaultCommandTimeout;
    }
}
