using HvCert.Qemu.Deps;

namespace HvCert.Tests.Qemu.Deps;

public sealed class LabDependenciesTests
{
    [Fact]
    public void Decide_AllInstalled_DoesNothing()
    {
        var decision = LabDependencies.Decide(LabDependencies.HostPackages.ToHashSet(), isRoot: false);
        Assert.Equal(DepsAction.AlreadyInstalled, decision.Action);
        Assert.Empty(decision.Commands);
    }

    [Fact]
    public void Decide_MissingAsRoot_InstallsOnlyTheMissing()
    {
        var installed = LabDependencies.HostPackages.Where(p => p != "ovmf" && p != "debootstrap").ToHashSet();
        var decision = LabDependencies.Decide(installed, isRoot: true);

        Assert.Equal(DepsAction.Install, decision.Action);
        Assert.Equal(["ovmf", "debootstrap"], decision.Missing);
        Assert.Equal(["apt-get", "update"], decision.Commands[0]);
        Assert.Equal(["apt-get", "install", "-y", "--no-install-recommends", "ovmf", "debootstrap"], decision.Commands[1]);
        Assert.Equal("apt-get update && apt-get install -y --no-install-recommends ovmf debootstrap", decision.ShellLine);
    }

    [Fact]
    public void Decide_MissingNotRoot_TellsTheSudoCommand()
    {
        var decision = LabDependencies.Decide(new HashSet<string>(), isRoot: false);

        Assert.Equal(DepsAction.NeedsRoot, decision.Action);
        Assert.Equal(LabDependencies.HostPackages.Count, decision.Missing.Count);
        Assert.StartsWith("sudo apt-get update && sudo apt-get install -y --no-install-recommends qemu-system-x86 ", decision.ShellLine);
    }

    [Fact]
    public void HostPackages_IncludeWhatTheBriefRequires()
    {
        foreach (var p in new[] { "qemu-system-x86", "qemu-utils", "ovmf", "debootstrap", "mtools", "dosfstools", "fdisk", "e2fsprogs", "grub-pc-bin", "grub-efi-amd64-bin" })
        {
            Assert.Contains(p, LabDependencies.HostPackages);
        }
    }

    [Fact]
    public void InstallDepsPackages_AddTheTestsReadersButRunsDoNotNeedThem()
    {
        Assert.Contains("genisoimage", LabDependencies.InstallDepsPackages);   // isoinfo, for NoCloudSeedTests
        Assert.DoesNotContain("genisoimage", LabDependencies.HostPackages);
        Assert.Equal(LabDependencies.HostPackages, LabDependencies.InstallDepsPackages.Take(LabDependencies.HostPackages.Count));
    }

    [Fact]
    public void ParseInstalled_DpkgOutput_CountsOnlyFullyInstalled()
    {
        const string output = "ovmf\tinstall ok installed\nqemu-utils\tdeinstall ok config-files\ndebootstrap\tunknown ok not-installed\n"
            + "mtools:amd64\tinstall ok installed\nfdisk\tinstall ok half-installed\n";

        var installed = LabDependencies.ParseInstalled(output);

        Assert.Equal(new HashSet<string> { "ovmf", "mtools" }, installed);
    }

    [Fact]
    public void DpkgQueryArguments_Packages_AskForNameAndStatus() =>
        Assert.Equal(["-W", "-f=${Package}\\t${Status}\\n", "a", "b"], LabDependencies.DpkgQueryArguments(["a", "b"]));
}
