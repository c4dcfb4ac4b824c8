using HvCert.HyperV.Cim;
using HvCert.HyperV.Ssh;
using HvCert.Tests.HyperV;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>The SSH gateway against real sshd + real pwsh + the Hyper-V fake: the generated requests run for real.</summary>
public sealed class SshCimGatewayTests
{
    [PwshOverSshFact]
    public async Task QueryAsync_OverRealSshAndPwsh_ReturnsTypedInstancesAsTheFakeHoldsThem()
    {
        var fake = FakeHyperVHost.Create();
        await using var host = new PwshHost(fake);
        await using var gateway = await SshCimGateway.OpenAsync(host.Host(), CancellationToken.None);

        var direct = await fake.QueryAsync(CimRef.VirtualizationV2, "SELECT * FROM Msvm_ComputerSystem", CancellationToken.None);
        var viaSsh = await gateway.QueryAsync(CimRef.VirtualizationV2, "SELECT * FROM Msvm_ComputerSystem", CancellationToken.None);

        Assert.Equal(direct.Count, viaSsh.Count);
        Assert.Equal(direct.Select(CimXml.Write), viaSsh.Select(CimXml.Write));
    }

    [PwshOverSshFact]
    public async Task InvokeMethodAsync_JobReturned_MapsReturnValueAndJobReferenceAsMmiDoes()
    {
        var fake = FakeHyperVHost.Create();
        await using var host = new PwshHost(fake);
        await using var gateway = await SshCimGatewayTests.OpenAsync(host);
        var vm = (await gateway.QueryAsync(CimRef.VirtualizationV2, "SELECT * FROM Msvm_ComputerSystem WHERE Name = 'HV1'", CancellationToken.None));
        var vsms = (await gateway.QueryAsync(CimRef.VirtualizationV2, "SELECT * FROM Msvm_VirtualSystemManagementService", CancellationToken.None))[0];

        var result = await gateway.InvokeMethodAsync(vsms.Ref, "AddKvpItems",
            [new CimArgument("TargetSystem", CimValue.Ref(CimRef.Of("Msvm_ComputerSystem", ("CreationClassName", "Msvm_ComputerSystem"), ("Name", "X")))),
             new CimArgument("DataItems", CimValue.Strings("<INSTANCE CLASSNAME=\"Msvm_KvpExchangeDataItem\"/>"))], CancellationToken.None);

        Assert.Equal(4096u, result.ReturnValue);
        var job = result.OutRef("Job");
        Assert.NotNull(job);
        Assert.Equal("Msvm_ConcreteJob", job!.ClassName);
        Assert.Equal(@"root\virtualization\v2", job.Namespace);
        Assert.Equal("JOB-1", job.Key("InstanceID"));
        var call = Assert.Single(fake.Invocations("AddKvpItems"));
        Assert.Equal(CimKind.Reference, call.Arg("TargetSystem")!.Kind);
        Assert.Equal("X", call.Arg("TargetSystem")!.AsRef().Key("Name"));
        Assert.Equal(["<INSTANCE CLASSNAME=\"Msvm_KvpExchangeDataItem\"/>"], call.Arg("DataItems")!.Texts);
        Assert.True(call.Arg("DataItems")!.IsArray);
        Assert.Empty(vm);
    }

    internal static Task<SshCimGateway> OpenAsync(PwshHost host) => SshCimGateway.OpenAsync(host.Host(), CancellationToken.None);
}
