using HvCert.Transport;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>One answer rule: the first rule whose marker occurs in the command answers it.</summary>
internal sealed record GuestRule(string Marker, Func<string, CommandResult> Answer);

/// <summary>
/// A guest transport that answers each probe command from its OS's rules (real captures, driven by the <see cref="GuestWorld"/>).
/// A command no rule knows gets exit 127 like a shell without the tool, and is listed in <see cref="Unanswered"/> so a test
/// can show which commands the guest side does not cover yet.
/// </summary>
/// <param name="elapse">Moves the lab's clock by the time each command takes (an SSH exec round trip, plus a leading `sleep N`).</param>
internal sealed partial class ScriptedGuest(Func<string, IReadOnlyList<GuestRule>> rulesFor, Action<TimeSpan>? elapse = null) : IGuestTransport
{
    /// <summary>What one command costs on the wire: an SSH exec round trip on a LAN is some tens of milliseconds.</summary>
    public static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(20);

    public ScriptedGuest(IReadOnlyList<GuestRule> rules) : this(_ => rules)
    {
    }

    public List<string> Commands { get; } = [];

    public List<string> Unanswered { get; } = [];

    public Task<CommandResult> ExecAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (Commands)
        {
            Commands.Add(command);
        }

        var sleep = LeadingSleep().Match(command) is { Success: true } s
            ? TimeSpan.FromSeconds(double.Parse(s.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        // The runner's guest check after a failed attempt does not move the lab clock: FreeBSD's time-sync expectation rests
        // on the clock's phase against whole-second `date` (±500 ms of a 1000 ms bar), and 20 ms more flipped it.
        var clock = command.Contains(".hvcert-health", StringComparison.Ordinal) ? null : elapse;
        clock?.Invoke(RoundTrip / 2 + sleep); // the guest answers halfway through the round trip, after its own sleep
        var rule = rulesFor(command).FirstOrDefault(r => command.Contains(r.Marker, StringComparison.Ordinal));
        clock?.Invoke(RoundTrip / 2);
        if (rule is null)
        {
            lock (Unanswered)
            {
                Unanswered.Add(command);
            }

            return Task.FromResult(Exit(127, "", "sh: hvcert twin guest: no capture answers this command") with { Command = command });
        }

        return Task.FromResult(rule.Answer(command) with { Command = command });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^sleep (\d+(?:\.\d+)?);")]
    private static partial System.Text.RegularExpressions.Regex LeadingSleep();

    public Task UploadAsync(Stream content, string guestPath, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<byte[]> DownloadAsync(string guestPath, CancellationToken cancellationToken) => Task.FromResult(Array.Empty<byte>());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static CommandResult Ok(string stdout) => new("", 0, stdout, "", TimeSpan.FromMilliseconds(20));

    public static CommandResult Exit(int code, string stdout, string stderr = "") => new("", code, stdout, stderr, TimeSpan.FromMilliseconds(20));
}
