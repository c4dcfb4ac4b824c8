using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HvCert.Qemu.Lab;

/// <summary>
/// Everything one run created on the host (QEMU processes, network namespaces and taps, its folder), released
/// in one place: on dispose, and also on Ctrl-C, SIGTERM, SIGHUP and process exit, so no VM outlives an interrupted run.
/// Release is synchronous because signal and exit hooks cannot await. A signal can land while a VM is half made (QEMU
/// started but not yet tracked, a namespace tracked but not yet added, a VM folder being written), so release closes the
/// run: what is tracked after it is killed or refused at once, and every later release (dispose, process exit) sweeps
/// again for what the in-flight steps made after the first sweep. Seen in the fault campaign: SIGTERM 2.6 s into a resume.
/// </summary>
internal sealed class RunResources : IDisposable
{
    private readonly ConcurrentDictionary<int, string> processes = new();
    private readonly ConcurrentDictionary<string, bool> namespaces = new();
    private readonly ConcurrentDictionary<string, bool> links = new();
    private readonly List<PosixSignalRegistration> signals = [];
    private readonly object gate = new();
    private bool closed;

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

    public bool IsReleased
    {
        get
        {
            lock (gate)
            {
                return closed;
            }
        }
    }

    public void TrackProcess(int pid, string what)
    {
        lock (gate)
        {
            if (!closed)
            {
                processes[pid] = what;
                return;
            }
        }

        KillQuietly(pid); // started while the run was being released: it must not outlive the run
    }

    public void ForgetProcess(int pid) => processes.TryRemove(pid, out _);

    public void TrackNamespace(string name) => Track(namespaces, name);

    public void ForgetNamespace(string name) => namespaces.TryRemove(name, out _);

    public void TrackLink(string name) => Track(links, name);

    /// <summary>
    /// Kills what is still running, removes links and namespaces, deletes the run folder, and closes the run to new
    /// resources. Safe to call from any thread, any number of times; each call sweeps again.
    /// </summary>
    public void ReleaseAll()
    {
        lock (gate)
        {
            closed = true;
            Sweep();
        }
    }

    private void Track(ConcurrentDictionary<string, bool> set, string name)
    {
        lock (gate)
        {
            if (closed)
            {
                throw new OperationCanceledException($"run {RunId} is being released; {name} is not created");
            }

            set[name] = true;
        }
    }

    private void Sweep()
    {
        foreach (var pid in processes.Keys)
        {
            KillQuietly(pid);
            processes.TryRemove(pid, out _); // a killed pid is never killed again: the kernel may give it to another process
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file appeared while deleting (a step still in flight): the next release (dispose, process exit) sweeps again.
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
