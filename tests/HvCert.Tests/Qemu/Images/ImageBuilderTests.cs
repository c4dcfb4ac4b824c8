using HvCert.Qemu.Images;

namespace HvCert.Tests.Qemu.Images;

public sealed class ImageBuilderTests
{
    [Fact]
    public void Command_Recipe_PassesReleaseWorkMirrorSortedPackagesAndSizes()
    {
        var builder = new ImageBuilder(TimeProvider.System, "http://mirror.example/debian");
        var recipe = new ImageRecipe(LabRelease.Trixie, ["zsh", "chrony"], "true", 2048, 32, "1");

        var command = builder.Command(recipe, "/cache/.build-x");

        Assert.Equal(["bash", "/cache/.build-x/build-image.sh", "trixie", "/cache/.build-x/work", "http://mirror.example/debian",
            "chrony,zsh", "2048", "32"], command);
    }

    [Fact]
    public void FwCfgArguments_Files_NameTheContractItems()
    {
        var args = LabImageContract.FwCfgArguments("/r/id.pub", "/r/host_key");
        Assert.Equal(["-fw_cfg", "name=opt/hvcert/authorized_key,file=/r/id.pub", "-fw_cfg", "name=opt/hvcert/host_key,file=/r/host_key"], args);
    }

    [Fact]
    public void Accept_ProtocolLines_TracksStepsMetaErrorsAndTail()
    {
        var output = new BuildScriptOutput();
        Assert.Equal("debootstrap", output.Accept("##STEP debootstrap"));
        Assert.Null(output.Accept("I: Retrieving InRelease"));
        Assert.Null(output.Accept("##META kernel=6.1.0-50-amd64"));
        Assert.Null(output.Accept("##META pkg.chrony=4.3-2"));
        Assert.Null(output.Accept("##ERROR step \"debootstrap\" failed"));

        Assert.Equal("debootstrap", output.CurrentStep);
        Assert.False(output.Done);
        Assert.Equal("6.1.0-50-amd64", output.Meta["kernel"]);
        Assert.Equal("4.3-2", output.PackageVersions()["chrony"]);
        Assert.Single(output.Errors);
        Assert.Contains("I: Retrieving InRelease", output.Tail);

        output.Accept("##STEP done");
        Assert.True(output.Done);
    }

    [Fact]
    public void Tail_ManyLines_KeepsOnlyTheLast40()
    {
        var output = new BuildScriptOutput();
        for (var i = 0; i < 100; i++)
        {
            output.Accept($"line {i}");
        }

        Assert.Equal(40, output.Tail.Count);
        Assert.Equal("line 99", output.Tail.Last());
    }

    [Fact]
    public void Steps_MatchTheStepsTheScriptAnnounces()
    {
        var script = ImageRecipe.For(LabRelease.Bookworm).ScriptText;
        foreach (var step in BuildScriptOutput.Steps)
        {
            Assert.Contains($"step {step}\n", script);
        }
    }

    [Fact]
    public void MountsUnder_MountInfo_ReturnsOnlyMountsBelowRootDeepestFirst()
    {
        string[] lines =
        [
            "22 1 0:21 / /proc rw,nosuid - proc proc rw",
            "90 80 0:21 / /c/.build-x/src/work/rootfs/proc rw - proc proc rw",
            "91 80 0:22 / /c/.build-x/src/work/rootfs/proc/sys/fs/binfmt_misc rw - binfmt_misc x rw",
            "92 80 0:23 / /c/.build-xy/other rw - tmpfs t rw",
            "93 80 0:24 / /c/.build-x/with\\040space rw - tmpfs t rw",
        ];

        var mounts = BuildDirectory.MountsUnder("/c/.build-x", lines);

        Assert.Equal(["/c/.build-x/src/work/rootfs/proc/sys/fs/binfmt_misc", "/c/.build-x/src/work/rootfs/proc", "/c/.build-x/with space"], mounts);
    }
}
