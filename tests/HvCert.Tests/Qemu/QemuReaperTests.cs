using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

public sealed class QemuReaperTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-reap-").FullName;

    private string Runs => Path.Combine(root, "runs");

    private string Proc => Path.Combine(root, "proc");

    [Fact]
    public void Reap_DeadOwner_RemovesRunDir()
    {
        MakeRun("dead1", ownerPid: 999_999_9);

        var result = new QemuReaper(Runs, Proc, Path.Combine(root, "netns")).Reap(null, new HashSet<string>());

        Assert.False(Directory.Exists(Path.Combine(Runs, "dead1")));
        Assert.Equal(1, result.Removed);
    }

    [Fact]
    public void Reap_LiveOwnerOrOwnedHere_LeavesRunAlone()
    {
        MakeRun("alive", ownerPid: Environment.ProcessId, ticks: RunResources.ProcessStartTicks(Environment.ProcessId));
        MakeRun("mine", ownerPid: 999_999_9);
        Directory.CreateDirectory(Path.Combine(Proc, Environment.ProcessId.ToString()));

        var result = new QemuReaper(Runs, Proc, Path.Combine(root, "netns")).Reap(null, new HashSet<string> { "mine" });

        Assert.True(Directory.Exists(Path.Combine(Runs, "alive")));
        Assert.True(Directory.Exists(Path.Combine(Runs, "mine")));
        Assert.Equal(0, result.Removed);
        Assert.Contains(result.Lines, l => l.Contains("alive", StringComparison.Ordinal) && l.Contains("left alone", StringComparison.Ordinal));
    }

    [Fact]
    public void Reap_RunIdFilter_TouchesOnlyThatRun()
    {
        MakeRun("a", ownerPid: 999_999_9);
        MakeRun("b", ownerPid: 999_999_9);

        new QemuReaper(Runs, Proc, Path.Combine(root, "netns")).Reap("a", new HashSet<string>());

        Assert.False(Directory.Exists(Path.Combine(Runs, "a")));
        Assert.True(Directory.Exists(Path.Combine(Runs, "b")));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void MakeRun(string id, int ownerPid, string ticks = "1")
    {
        var dir = Path.Combine(Runs, id, "vm1");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(Runs, id, RunResources.OwnerFile), $"{ownerPid} {ticks}");
        File.WriteAllText(Path.Combine(dir, "root.qcow2"), "x");
    }
}
