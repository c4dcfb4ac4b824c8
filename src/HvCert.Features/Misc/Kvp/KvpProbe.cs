using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.Kvp;

/// <summary>
/// Key-value exchange, both directions: a host-written item read in the guest (Hyper-V: KVP pool 0 of hv_kvp_daemon;
/// QEMU: the file the guest agent wrote), and a guest-reported item (its host name) read on the host.
/// </summary>
internal sealed class KvpProbe : LinuxGuestProbe
{
    public const int Write = 1;
    public const int ReadInGuest = 2;
    public const int GuestName = 3;
    public const int ReadOnHost = 4;
    public const string Key = "hvcert-kvp";

    /// <summary>hv_kvp_daemon's pool 0 (KVP_POOL_EXTERNAL): items the host adds through Msvm_KvpExchangeDataItem.</summary>
    public const string HyperVPool = "/var/lib/hyperv/.kvp_pool_0";

    public override string FeatureId => "misc.kvp";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoKeyValueChannel];

    public override string NegativeControlNote => "the VM has no key-value channel (QEMU: no guest agent port), so neither direction can work";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<IKeyValueFacet>(Write, "kvp-write", $"host writes item {Key} with a fresh value", Facet.KeyValueExchange,
            (f, _, ct) => f.WriteHostItemAsync(Key, "v-" + Guid.NewGuid().ToString("N")[..16], ct)),
        backend == BackendKind.HyperV
            ? new GuestCommand(ReadInGuest, $"base64 -w0 {HyperVPool}", "the host-to-guest KVP pool, as fixed 512+2048-byte records")
            : new GuestCommand(ReadInGuest, "cat {{guest_path}}", "the item as the guest agent stored it"),
        new GuestCommand(GuestName, "hostname", "the guest's own host name"),
        new HostAction<IKeyValueFacet>(ReadOnHost, "kvp-read", "host reads the items the guest reports", Facet.KeyValueExchange,
            (f, _, ct) => f.ReadGuestItemsAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => KvpJudge.Judge(evidence);
}
