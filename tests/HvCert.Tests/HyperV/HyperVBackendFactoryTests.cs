using HvCert.Catalog;
using HvCert.Cli.Commands;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.Probes;
using HvCert.Validation;

namespace HvCert.Tests.HyperV;

public sealed class HyperVBackendFactoryTests
{
    private static string Example => Path.Combine(RepoPaths.Root, "matrices", "hyperv-inventory.example.yaml");

    [Fact]
    public void Create_OnLinux_FailsFastWithRunOnWindowsMessage()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the Windows path is exercised by the Hyper-V integration tests
        }

        var e = Assert.Throws<InfrastructureException>(() => HyperVBackendFactory.Create(Example));

        Assert.Contains("works only on Windows", e.Message);
        Assert.Contains("run.ps1", e.Message);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Capabilities_BadInventory_IsInputExceptionWithLocation()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "host:\n  address: .\n  storage: { host_path: x }\nswitch: s\nsan: [a]\n");
        try
        {
            var e = Assert.Throws<InputException>(() => HyperVBackendFactory.Capabilities(file));
            Assert.Equal(5, e.Diagnostics[0].Line);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void PlanMake_HyperVExampleMatrixOnLinux_UsesHyperVCapabilitiesWithoutWmi()
    {
        var plan = PlanCommand.Make(Path.Combine(RepoPaths.Root, "suites", "full.yaml"), Path.Combine(RepoPaths.Root, "matrices", "hyperv-example.yaml"), "hyperv", null);

        Assert.Equal(BackendKind.HyperV, plan.Backend);
        var migration = plan.AllCells.Where(c => c.Key.FeatureId == "net.live-migration").ToList();
        Assert.NotEmpty(migration);
        Assert.All(migration, c => Assert.Equal(VerdictKind.NotOffered, c.Preset?.Kind));
        Assert.Contains("second_host", migration[0].Preset!.Reason);
        Assert.Contains(plan.AllCells, c => c.Key.FeatureId == "misc.kvp" && c.Preset is null);
    }
}
