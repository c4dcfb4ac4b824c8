using System.CommandLine;
using System.Diagnostics;
using HvCert.Cli;
using HvCert.Cli.Commands;

namespace HvCert.Tests.Cli;

/// <summary>Runs hvcert verbs in-process (same parse-error handling as Program.cs) or as a real process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var root = new RootCommand("hvcert (test)");
        root.Subcommands.Add(FeaturesCommand.Build());
        root.Subcommands.Add(ValidateCommand.Build());
        root.Subcommands.Add(PlanCommand.Build());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return new Result(ExitCodes.BadInput, "", string.Join("\n", parsed.Errors.Select(e => e.Message)));
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The real entry point (Program.cs) as a child process: `dotnet hvcert.dll ARGS`.</summary>
    public static Result RunProcess(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hvcert.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("hvcert did not exit within 60 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Repo(string relative) => Path.Combine(RepoPaths.Root, relative);
}
