using HvCert.Cli.Commands;
using HvCert.Hosts;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Cli.Commands;

public sealed class ResumeLeftoversTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-resume-").FullName;

    private string Runs => Path.Combine(root, "runs");

    [Fact]
    public void ReapFirst_QemuRunOfADeadProcess_RemovesItsLeftoversAndSaysSo()
    {
        MakeDeadRun("20261202-210000-ab12");
        MakeDeadRun("20261202-210000-cd34");
        var stdout = new StringWriter();

        var removed = ResumeLeftovers.ReapFirst(BackendKind.Qemu, "20261202-210000-ab12", Reaper(), stdout);

        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(Path.Combine(Runs, "20261202-210000-ab12")));
        Assert.True(Directory.Exists(Path.Combine(Runs, "20261202-210000-cd34")), "another run is not the resume's to reap");
        Assert.Contains("resume: run 20261202-210000-ab12: removed", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReapFirst_HyperVRun_LeavesTheLabAlone()
    {
        MakeDeadRun("20261202-210000-ab12");

        var removed = ResumeLeftovers.ReapFirst(BackendKind.HyperV, "20261202-210000-ab12", Reaper(), new StringWriter());

        Assert.Equal(0, removed);
        Assert.True(Directory.Exists(Path.Combine(Runs, "20261202-210000-ab12")));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private QemuReaper Reaper() => new(Runs, Path.Combine(root, "proc"), Path.Combine(root, "netns"));

    private void MakeDeadRun(string id)
    {
        Directory.CreateDirectory(Path.Combine(Runs, id, "vm1"));
        File.WriteAllText(Path.Combine(Runs, id, RunResources.OwnerFile), "9999999 1");
    }
}
