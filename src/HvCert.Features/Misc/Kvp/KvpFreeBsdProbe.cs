using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.Kvp;

/// <summary>
/// KVP on FreeBSD: hvkvp attached, hv_kvp_daemon running, a host-written item appears in the external pool
/// (/var/db/hyperv/pool/.kvp_pool_0, fixed 512+2048-byte records), and the host reads the guest's items.
/// </summary>
internal sealed class KvpFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Daemon = 3;
    public const int HostWrite = 4;
    public const int Pool = 5;
    public const int HostRead = 6;

    public override string FeatureId => "misc.kvp";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoKeyValueChannel];

    public override string NegativeControlNote => "the VM has no key-value channel";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("kvp_key", "hvcert_probe"), ("kvp_value", "hvcert-kvp-42"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Daemon, "service hv_kvp_daemon status", "the KVP daemon", MayFail: true),
        new HostAction<IKeyValueFacet>(HostWrite, "kvp-write", "host writes {{kvp_key}}={{kvp_value}}", Facet.KeyValueExchange,
            (f, s, ct) => f.WriteHostItemAsync(s.Get("kvp_key"), s.Get("kvp_value"), ct)),
        new GuestCommand(Pool, "sleep 5; tr '\\000' '\\n' < /var/db/hyperv/pool/.kvp_pool_0 | grep -v '^$'", "records of the external pool, NULs as newlines"),
        new HostAction<IKeyValueFacet>(HostRead, "kvp-read", "host reads the guest's items", Facet.KeyValueExchange,
            (f, _, ct) => f.ReadGuestItemsAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.KeyValue, out var detail, out var failure) || !evidence.Ran(Daemon, out var daemon, out failure, mayFail: true))
        {
            return failure;
        }

        if (daemon.ExitCode != 0)
        {
            return Verdict.NotSupported($"hv_kvp_daemon is not running ({Judging.FirstLine(daemon.Stdout, daemon.Stderr)}); {detail}");
        }

        if (!evidence.HostOk(HostWrite, out _, out failure) || !evidence.Ran(Pool, out var pool, out failure) || !evidence.HostOk(HostRead, out var read, out failure))
        {
            return failure;
        }

        var key = evidence.Parameter("kvp_key", "hvcert_probe");
        var value = evidence.Parameter("kvp_value", "hvcert-kvp-42");
        var lines = pool.Stdout.Split('\n', StringSplitOptions.TrimEntries).ToList();
        var at = lines.IndexOf(key);
        if (at < 0 || at + 1 >= lines.Count || lines[at + 1] != value)
        {
            return Verdict.NotSupported($"the host-written {key} is not in the guest's pool 0 with value {value}");
        }

        return read.Observations.Count > 0
            ? Verdict.Supported($"host→guest {key} read in pool 0; host read {read.Observations.Count} guest items; {detail}")
            : Verdict.NotSupported("the host-written item arrived, but the host reads no guest items");
    }
}
