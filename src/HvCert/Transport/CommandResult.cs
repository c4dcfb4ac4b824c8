namespace HvCert.Transport;

/// <summary>What one guest command did. Output is already capped by the transport.</summary>
public sealed record CommandResult(
    string Command,
    int ExitCode,
    string Stdout,
    string Stderr,
    TimeSpan Duration,
    bool Truncated = false,
    bool TimedOut = false)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
