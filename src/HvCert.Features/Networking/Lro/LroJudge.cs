using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Networking.Lro.LroProbe;

namespace HvCert.Features.Networking.Lro;

internal static class LroJudge
{
    private const string Lro = "large-receive-offload";
    private const string GroHw = "rx-gro-hw";

    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Read, out var read, out var failure))
        {
            return failure;
        }

        // The NIC under test must be the backend's NIC (Hyper-V: hv_netvsc on VMBus); it is named in every verdict.
        var (driver, features) = OffloadToggle.ParseRead(read.Stdout);
        if (!evidence.Nic(Read, "LRO", out var nic, out failure, NicUnderTest.FromEthtool(driver)))
        {
            return failure;
        }

        var d = nic.Describe();

        var host = evidence.Host(HostOffloads);
        if (host is { Ok: true } && host.Observation("lro") == "off")
        {
            return Verdict.NotOffered($"the host side of the NIC does not offer receive coalescing ({Judging.Clip(host.Observation("lro_reason") ?? "lro=off", 80)}); guest shows {Show(features)}");
        }

        if (!features.TryGetValue(Lro, out var lro))
        {
            return Verdict.NotSupported($"{d} does not list {Lro} (ethtool -k)");
        }

        if (!evidence.Ran(Toggle, out var toggle, out failure, mayFail: true))
        {
            return failure;
        }

        if (lro.Fixed && !lro.On)
        {
            // virtio_net since Linux 6.0 ("use NETIF_F_GRO_HW instead of NETIF_F_LRO") exposes the host's receive
            // coalescing as rx-gro-hw: the same offload under another flag. With the host confirming it offers the
            // coalescing, that is the feature working; without the host's word it stays a caveat.
            var gro = OffloadToggle.ParseToggles(toggle.Stdout).FirstOrDefault(x => x.Feature == GroHw);
            if (!(features.TryGetValue(GroHw, out var g) && g.On && gro is { Fixed: false, RoundTrips: true }))
            {
                return Verdict.NotSupported($"{d}: {Lro} off [fixed]: the driver cannot enable it");
            }

            return host is { Ok: true } && host.Observation("lro") == "on"
                ? Verdict.Supported($"{d}: the host's receive coalescing is on as {GroHw} (toggled off and back); {Lro} off [fixed] is how this driver names it since Linux 6.0")
                : Verdict.Caveat($"{d}: {Lro} off [fixed], but receive coalescing is exposed as {GroHw} (on, toggled off and back); the host did not confirm it offers it");
        }

        var t = OffloadToggle.ParseToggles(toggle.Stdout).FirstOrDefault(x => x.Feature == Lro);
        if (!lro.On)
        {
            return Verdict.Caveat($"{d}: {Lro} is settable but off by default{(t is { RoundTrips: true } ? "; toggles" : "")}");
        }

        return t is { RoundTrips: true }
            ? Verdict.Supported($"{d}: {Lro} on{(lro.Fixed ? " [fixed]" : ", toggled off and back")}")
            : Verdict.Caveat($"{d}: {Lro} on but did not toggle ({t?.Original}→{t?.WhenOff}→{t?.Restored})");
    }

    private static string Show(IReadOnlyDictionary<string, EthtoolFeature> features) =>
        features.TryGetValue(Lro, out var f) ? $"{Lro} {(f.On ? "on" : "off")}{(f.Fixed ? " [fixed]" : "")}" : $"no {Lro}";
}
