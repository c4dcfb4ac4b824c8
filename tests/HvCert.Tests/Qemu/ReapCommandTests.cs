using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

public sealed class ReapCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-reapcmd-").FullName;

    [Fact]
    public void Run_PathLikeRunId_IsBadInput()
    {
        var code = ReapCommand.Run(new QemuReaper(root, Path.Combine(root, "proc")), "../etc", new StringWriter());

        Assert.Equal(ExitCodes.BadInput, code);
    }

    [Fact]
    public void Run_NothingLeft_SaysSoAndSucceeds()
    {
        var stdout = new StringWriter();

        var code = ReapCommand.Run(new QemuReaper(root, Path.Combine(root, "proc")), null, stdout);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("nothing to reap", stdout.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
