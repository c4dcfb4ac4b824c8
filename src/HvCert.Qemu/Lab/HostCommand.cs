using System.Diagnostics;

namespace HvCert.Qemu.Lab;

/// <summary>Runs a host tool (qemu-img, ssh-keygen, ip) to completion and captures its output.</summary>
internal static class HostCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/> but throws an <see cref="HvCert.Hosts.InfrastructureException"/> naming the tool on failure.</summary>
    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var list = args.ToList();
        var result = await RunAsync(file, list, cancellationToken, timeout);
        if (!result.Ok)
        {
            throw new HvCert.Hosts.InfrastructureException($"{file} {string.Join(' ', list)} failed with exit code {result.ExitCode}: {result.Stderr.Trim()}");
        }

        return result.Stdout;
    }
}
