using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.FibreChannel;

/// <summary>Virtual Fibre Channel on FreeBSD: the host's vHBA (synthetic FC channel) attached to storvsc. Microsoft's table lists no FreeBSD release with it.</summary>
internal sealed class FibreChannelFreeBsdProbe : FreeBsdBindingProbe
{
    public override string FeatureId => "storage.fibre-channel";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "none expressible here: no NPIV HBA; an offered FC channel left unattached is the judged negative";

    protected override DeviceRole Role => DeviceRole.FibreChannel;

    protected override ProbeStep HostStep(BackendKind backend) =>
        new HostAction<IFibreChannelFacet>(HostStepNumber, "fc-hba", "host reads the vHBA's WWNN/WWPN", Facet.FibreChannel,
            (f, _, ct) => f.DescribeHbaAsync(ct));
}
