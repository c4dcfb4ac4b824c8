using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HvCert.Qemu.Lab;

/// <summary>
/// Everything one run created on the host (QEMU processes, network namespaces and taps, its folder), released
/// in one place: on dispose, and also on Ctrl-C, SIGTERM, SIGHUP and process exit, so no VM outlives an interrupted run.
/// Release is synchronous and idempotent because signal and exit hooks cannot await.
/// </summary>
internal sealed class RunResources : IDisposable
{
    private readonly ConcurrentDictionary<int, string> processes = new();
    private readonly ConcurrentDictionary<string, bool> namespaces = new();
    private readonly ConcurrentDictionary<string, bool> links = new();
    private readonly List<PosixSignalRegistration> signals = [];
    private int released;

    public RunResources(string runId, string runDir)
    {
        RunId = runId;
        RunDir = runDir;
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, OwnerFile), $"{Environment.ProcessId} {ProcessStartTicks(Environment.ProcessId)}");
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            signals.Add(PosixSignalRegistration.Create(signal, _ => ReleaseAll()));
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public const string OwnerFile = "owner.pid";

    public string RunId { get; }

    public string RunDir { get; }

    public void TrackProcess(int pid, string what) => processes[pid] = what;

    public void ForgetProcess(int pid) => processes.TryRemove(pid, out _);

    public void TrackNamespace(string name) => namespaces[name] = true;

    public void ForgetNamespace(string name) => namespaces.TryRemove(name, out _);

    public void TrackLink(string name) => links[name] = true;

    /// <summary>Kills what is still running and deletes the run folder. Safe to call from any thread, any number of times.</summary>
    public void ReleaseAll()
    {
        if (Interlocked.Exchange(ref released, 1) == 1)
        {
            return;
        }

        foreach (var pid in processes.Keys)
        {
            KillQuietly(pid);
        }

        foreach (var link in links.Keys)
        {
            RunQuietly("ip", "link", "del", link);
        }

        foreach (var ns in namespaces.Keys)
        {
            RunQuietly("ip", "netns", "del", ns);
        }

        try
        {
            Directory.Delete(RunDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        ReleaseAll();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        signals.ForEach(s => s.Dispose());
    }

    /// <summary>The kernel's start time of a process (field 22 of /proc/PID/stat), so a reused pid is not taken for the owner.</summary>
    public static string ProcessStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (IOException)
        {
            return "";
        }
    }

    internal static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
    }

    internal static void RunQuietly(string file, params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true });
            p?.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Tool missing: nothing of that kind was created either.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => ReleaseAll();
}
