using System.Globalization;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.AccurateTime.AccurateTimeProbe;

namespace HvCert.Features.Core.AccurateTime;

internal static class AccurateTimeJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.BoundDevice(Inventory, DeviceRole.TimeSync, out _, out var failure, mayBeUnoffered: true))
        {
            return failure;
        }

        var exchange = evidence.Host(ExchangeHost) is { } h ? ClockSamples.Analyze(h) : null;
        if (exchange is null)
        {
            return Verdict.Error("no usable timestamp exchange was recorded");
        }

        var tolerance = evidence.ParamDouble("tolerance_ms", 1);
        var chrony = ChronyView.Read(evidence);
        // A VMBus TimeSync IC (class GUID model) comes with the host's `hyperv` PTP clock, which chrony must then use.
        var hyperv = evidence.Offered(DeviceRole.TimeSync) is { } ts && Guid.TryParse(ts.Model.Trim('{', '}'), out _);
        if (hyperv && !chrony.HyperVPhcPresent)
        {
            return Verdict.NotSupported($"no `hyperv` PTP clock in the guest (/sys/class/ptp); {exchange.Describe()}");
        }

        if (exchange.ProvenBeyond(tolerance))
        {
            return Verdict.NotSupported($"guest clock is off by more than {tolerance:0.###} ms: {exchange.Describe()}");
        }

        if (exchange.ProvenWithin(tolerance))
        {
            return !hyperv || chrony.PhcSelected
                ? Verdict.Supported($"|offset| + uncertainty < {tolerance:0.###} ms: {exchange.Describe()}{chrony.Note}")
                : Verdict.Caveat($"offset proven within {tolerance:0.###} ms ({exchange.Describe()}) but chrony has not selected the hyperv PHC{chrony.Note}");
        }

        // The exchange cannot resolve the tolerance (round trip too large): use chrony's bound only against a host reference.
        if (chrony.BoundMs is { } bound && chrony.ReferenceIsHost && bound < tolerance && (!hyperv || chrony.PhcSelected))
        {
            return Verdict.Caveat(string.Create(CultureInfo.InvariantCulture,
                $"chrony bounds the error at {bound:0.000} ms ({chrony.BoundFrom}) against {chrony.Reference}; the host exchange alone only bounds it to ±{exchange.UncertaintyMs:0.000} ms ({exchange.Describe()})"));
        }

        return Verdict.NotSupported(string.Create(CultureInfo.InvariantCulture,
            $"not shown to be within {tolerance:0.###} ms: {exchange.Describe()}; {chrony.Summary}"));
    }
}
