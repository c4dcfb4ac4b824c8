namespace HvCert.Cli;

/// <summary>
/// An exception no verb expected becomes exit 3, one line on stderr and the full trace in a log file, never a stack
/// trace on the terminal. The log goes to the system temp folder (never into the user's input or output folders).
/// </summary>
internal static class CrashLog
{
    public static int Report(Exception ex, string[] args, TextWriter stderr)
    {
        var where = "(the log could not be written)";
        try
        {
            var dir = Path.Combine(Path.GetTempPath(), "hvcert-logs");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(path, $"hvcert {string.Join(' ', args)}\n{DateTime.UtcNow:O}\n\n{ex}\n");
            where = path;
        }
        catch (Exception logFailure) when (logFailure is IOException or UnauthorizedAccessException)
        {
            // The one-line message below still tells the user what happened.
        }

        var message = Reporting.TextEscaping.Visible(ex.Message.Split('\n')[0]);
        stderr.WriteLine($"hvcert: internal error ({ex.GetType().Name}: {message}); details in {where}. Please report it with that file.");
        return ExitCodes.InfrastructureError;
    }
}
