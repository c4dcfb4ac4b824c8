using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;

namespace HvCert.IntegrationTests.HyperV;

/// <summary>Real Hyper-V: provision a Gen2 VM from the inventory's first template, talk to it, and remove every trace.</summary>
public sealed class HyperVHostTests
{
    [HyperVHostFact]
    public async Task DescribeHostAsync_RealHost_ReportsBuildAndColumn()
    {
        await using var backend = HyperVBackendFactory.Create(HyperVHostFactAttribute.InventoryPath);

        var facts = await backend.DescribeHostAsync(default);

        Assert.Equal(BackendKind.HyperV, facts.Backend);
        Assert.Matches("^(2016|2019|2022|2025|2012 R2)$", facts.Version);
    }

    [HyperVHostFact]
    public async Task ProvisionAsync_Gen2Template_BootsAnswersSshAndIsReaped()
    {
        var inventory = InventoryLoader.Load(HyperVHostFactAttribute.InventoryPath);
        var (target, gens) = inventory.Templates.First(t => t.Value.ContainsKey(Generation.Gen2));
        var runId = "it" + Guid.NewGuid().ToString("N")[..8];
        await using var backend = HyperVBackendFactory.Create(HyperVHostFactAttribute.InventoryPath);
        try
        {
            await using var vm = await backend.ProvisionAsync(new VmSpec(runId, "hvcert-it", target, Generation.Gen2, SecureBoot: true), default);
            var ssh = await vm.UntilSshAcceptsAsync(TimeSpan.FromMinutes(5), default);
            var uname = await ssh.ExecAsync("uname -s", TimeSpan.FromSeconds(30), default);
            Assert.Equal("Linux", uname.Stdout.Trim());
            Assert.Equal("on", (await vm.Facet<IFirmwareFacet>()!.DescribeFirmwareAsync(default)).Get("secure_boot"));
            Assert.True((await vm.Facet<IKeyValueFacet>()!.WriteHostItemAsync("hvcert-it", runId, default)).Ok);
        }
        finally
        {
            await backend.ReapAsync(runId, default);
        }

        Assert.Equal(0, await backend.ReapAsync(runId, default));
    }
}
