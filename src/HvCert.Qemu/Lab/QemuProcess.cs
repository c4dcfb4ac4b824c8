using System.Diagnostics;
using HvCert.Hosts;
using HvCert.Qemu.Qmp;

namespace HvCert.Qemu.Lab;

/// <summary>One running qemu-system-x86_64, tracked by the run so it is killed even if the run is interrupted.</summary>
internal sealed class QemuProcess : IDisposable
{
    private readonly Process process;
    private readonly RunResources run;

    private QemuProcess(Process process, RunResources run, string logPath)
    {
        this.process = process;
        this.run = run;
        LogPath = logPath;
    }

    public int Pid => process.Id;

    public string LogPath { get; }

    public bool HasExited => process.HasExited;

    public Task Exited => process.WaitForExitAsync();

    public static QemuProcess Start(IReadOnlyList<string> args, string logPath, RunResources run)
    {
        var info = new ProcessStartInfo(QemuBackendDefaults.QemuBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InfrastructureException("could not start qemu-system-x86_64");
        run.TrackProcess(process.Id, logPath);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => run.ForgetProcess(process.Id);
        process.EnableRaisingEvents = true;
        return new QemuProcess(process, run, logPath);
    }

    /// <summary>Stops QEMU: ACPI powerdown (the guest shuts down), then <c>quit</c>, then kill.</summary>
    public async Task StopAsync(QmpClient? qmp, TimeSpan powerdownGrace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (qmp is not null && powerdownGrace > TimeSpan.Zero && await TryAsync(() => qmp.ExecuteAsync("system_powerdown", null, TimeSpan.FromSeconds(5)))
            && await ExitsWithinAsync(powerdownGrace))
        {
            return;
        }

        if (qmp is not null && await TryAsync(() => qmp.ExecuteAsync("quit", null, TimeSpan.FromSeconds(5))) && await ExitsWithinAsync(TimeSpan.FromSeconds(5)))
        {
            return;
        }

        RunResources.KillQuietly(process.Id);
    }

    public string LogText() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            RunResources.KillQuietly(process.Id);
        }

        run.ForgetProcess(process.Id);
        process.Dispose();
    }

    private static async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (e is InfrastructureException or TimeoutException or QmpErrorException or IOException)
        {
            return false;
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
