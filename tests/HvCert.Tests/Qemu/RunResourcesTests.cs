using System.Diagnostics;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

/// <summary>A signal releases the run while a VM is half made; what the in-flight steps make afterwards must not outlive the run.</summary>
public sealed class RunResourcesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-res-").FullName;

    [Fact]
    public void TrackProcess_AfterRelease_KillsItAtOnce()
    {
        using var resources = new RunResources("r1", Path.Combine(root, "r1"));
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        resources.ReleaseAll();

        resources.TrackProcess(sleeper.Id, "qemu started during release");

        Assert.True(sleeper.WaitForExit(5000), "a process tracked after release must be killed");
    }

    [Fact]
    public void TrackProcess_BeforeRelease_IsKilledByRelease()
    {
        using var resources = new RunResources("r2", Path.Combine(root, "r2"));
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        resources.TrackProcess(sleeper.Id, "qemu");
        Assert.False(sleeper.HasExited);

        resources.ReleaseAll();

        Assert.True(sleeper.WaitForExit(5000));
    }

    [Fact]
    public void TrackNamespace_AfterRelease_IsRefused()
    {
        using var resources = new RunResources("r3", Path.Combine(root, "r3"));
        resources.ReleaseAll();

        Assert.Throws<OperationCanceledException>(() => resources.TrackNamespace("hvcert-r3-n1"));
        Assert.Throws<OperationCanceledException>(() => resources.TrackLink("hvt000000"));
        Assert.True(resources.IsReleased);
    }

    [Fact]
    public void Dispose_AfterFolderRecreatedPastTheFirstRelease_SweepsItAgain()
    {
        var runDir = Path.Combine(root, "r4");
        var resources = new RunResources("r4", runDir);
        resources.ReleaseAll();
        Assert.False(Directory.Exists(runDir));
        Directory.CreateDirectory(Path.Combine(runDir, "vm1"));
        File.WriteAllText(Path.Combine(runDir, "vm1", "root.qcow2"), "overlay written by a step still in flight");

        resources.Dispose();

        Assert.False(Directory.Exists(runDir));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
