using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Tests.HyperV.Twin;

namespace HvCert.Tests.HyperV;

/// <summary>The real backend provisions over the strict twin: every request must pass Microsoft's schema and Hyper-V's rules.</summary>
public sealed class TwinProvisionTests
{
    [Theory]
    [InlineData(Generation.Gen2, "debian-12")]
    [InlineData(Generation.Gen1, "debian-12")]
    public async Task Provision_OverTwin_VmRunsWithNoRejectedRequest(Generation generation, string image)
    {
        await using var t = TwinBackend.Create();

        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(generation, image), default);

        Assert.Empty(t.Host.Rejections);
        Assert.Equal(2, t.Vm.State);
        Assert.Equal(vm.Settings["vm.id"], t.Vm.Id);
        await vm.DisposeAsync();
        Assert.Empty(t.Host.Vms);
    }
}
