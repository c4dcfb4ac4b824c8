using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Validation;

namespace HvCert.Tests.Matrix;

public sealed class MatrixLoaderTests
{
    [Fact]
    public void Load_Lab_IsDebian11To13OnGen1AndSecureBootGen2()
    {
        var lab = MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "lab.yaml"));

        Assert.Equal(BackendKind.Qemu, lab.Backend);
        Assert.Equal(["qemu"], lab.Hosts.Select(h => h.Label));
        Assert.Equal([new MatrixGeneration(Generation.Gen1, false), new MatrixGeneration(Generation.Gen2, true)], lab.Generations);
        Assert.Equal(["debian-11", "debian-12", "debian-13"], lab.Targets.Select(t => t.Ref.Id));
        Assert.Equal(["debian-bullseye", "debian-bookworm", "debian-trixie"], lab.Targets.Select(t => t.Ref.Images[Generation.Gen2]));
    }

    [Fact]
    public void Load_HyperVExample_CoversMicrosoftsPublishedReleasesOnFourHosts()
    {
        var m = MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "hyperv-example.yaml"));

        Assert.Equal(BackendKind.HyperV, m.Backend);
        Assert.Equal([HostVersion.Ws2016, HostVersion.Ws2019, HostVersion.Ws2022, HostVersion.Ws2025], m.Hosts.Select(h => h.Version!.Value));
        Assert.Equal(["2016", "2019", "2022", "2025"], m.Hosts.Select(h => h.Label));
        var distros = m.Targets.GroupBy(t => t.Ref.Distro).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, distros["ubuntu"]);
        Assert.Equal(3, distros["debian"]);
        Assert.Equal(4, distros["freebsd"]);
        Assert.All(m.Targets.Where(t => t.Ref.Distro == "freebsd"), t => Assert.Equal(OsFamily.FreeBsd, t.Ref.Os));
        Assert.All(m.Targets, t => Assert.EndsWith("-gen2.vhdx", t.Ref.Images[Generation.Gen2], StringComparison.Ordinal));
    }

    [Fact]
    public void FromText_TargetNarrowsGenerations_AndQemuHostsDefault()
    {
        var m = MatrixLoader.FromText("name: m\nbackend: qemu\ngenerations: [1, {generation: 2}]\ntargets:\n  - {id: a, distro: d, release: 1, image: x, generations: [2]}\n", "m.yaml");

        Assert.Equal([Generation.Gen2], Assert.Single(m.Targets).Generations);
        Assert.Equal("qemu", Assert.Single(m.Hosts).Label);
        Assert.False(m.Generations.Single(g => g.Generation == Generation.Gen2).SecureBoot);
    }

    [Theory]
    [InlineData("hosts: [\"2019\", \"2019\"]", "listed twice")]
    [InlineData("hosts: [\"2022\"]\ngenerations: [1]\nextra: 1", "unknown key 'extra'")]
    [InlineData("hosts: \"2022\"", "hosts must be a list")]
    public void FromText_HostProblems_AreLocated(string hostsYaml, string message)
    {
        var text = "name: m\nbackend: hyperv\n" + hostsYaml + (hostsYaml.Contains("generations", StringComparison.Ordinal) ? "" : "\ngenerations: [1]") + "\ntargets: [{id: a, distro: d, release: \"1\", image: x}]\n";

        var ex = Assert.Throws<InputException>(() => MatrixLoader.FromText(text, "m.yaml"));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.True(d.Line >= 3);
        Assert.Equal("m.yaml", d.File);
    }

    [Fact]
    public void FromText_QemuWithWindowsHost_IsRejected()
    {
        var ex = Assert.Throws<InputException>(() => MatrixLoader.FromText("name: m\nbackend: qemu\nhosts: [\"2019\"]\ngenerations: [1]\ntargets: [{id: a, distro: d, release: \"1\", image: x}]\n", "m.yaml"));

        Assert.Contains("not a lab host", Assert.Single(ex.Diagnostics).Message, StringComparison.Ordinal);
    }
}
