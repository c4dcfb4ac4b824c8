using HvCert.Tests.HyperV.Twin;

namespace HvCert.Tests.HyperV;

/// <summary>
/// Job results are reached through ICimGateway.AssociatorsAsync (Get-CimAssociatedInstance / MMI EnumerateAssociatedInstances),
/// not an ASSOCIATORS OF query text: the twin leaves every out reference empty, as Hyper-V may, so provisioning only works if
/// the association call returns what the job touched.
/// </summary>
public sealed class AssociatorsTests
{
    [Fact]
    public async Task Provision_OnTwin_ResultsThroughAffectedJobElementAssociation()
    {
        await using var twin = TwinBackend.Create();

        await using (await twin.Backend.ProvisionAsync(TwinBackend.Spec(), default))
        {
            Assert.Single(twin.Host.Vms);
        }

        var associations = twin.Host.Calls.Where(c => c.Operation == "Associators").ToList();
        Assert.NotEmpty(associations);
        Assert.All(associations, c => Assert.Equal("Msvm_ConcreteJob", c.Class));
        Assert.All(associations, c => Assert.StartsWith("Msvm_AffectedJobElement ", c.Method, StringComparison.Ordinal));
        Assert.DoesNotContain(twin.Host.Calls, c => c.Operation == "Query" && c.Method.StartsWith("ASSOCIATORS", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(twin.Host.Rejections);
        Assert.Empty(twin.Host.Vms);
    }
}
