using HvCert.Hosts.Facets;
using HvCert.Tests.HyperV.Twin;

namespace HvCert.Tests.HyperV;

/// <summary>
/// The guest reports its name to the host through the intrinsic pool: Microsoft's Msvm_KvpExchangeComponent page lists
/// FullyQualifiedDomainName, OSName, NetworkAddressIPv4… under GuestIntrinsicExchangeItems, while GuestExchangeItems holds only
/// what guest software added. "The items the guest reports" (IKeyValueFacet.ReadGuestItemsAsync) are both; reading only the
/// second made misc.kvp Not supported on every twin guest ("the host reads guest name 'none'").
/// </summary>
public sealed class KvpGuestItemsTests
{
    [Fact]
    public async Task ReadGuestItems_IncludesTheIntrinsicFullyQualifiedDomainName()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(2));

        var items = await vm.Facet<IKeyValueFacet>()!.ReadGuestItemsAsync(default);

        Assert.True(items.Ok, items.Error);
        Assert.Equal(t.Vm.Name, items.Observations["FullyQualifiedDomainName"]);
    }
}
