using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Networking.TsoChecksum.TsoChecksumProbe;

namespace HvCert.Features.Networking.TsoChecksum;

internal static class TsoChecksumJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Read, out var read, out var failure))
        {
            return failure;
        }

        // The NIC under test must be the backend's NIC (Hyper-V: hv_netvsc on VMBus); it is named in every verdict.
        var (driver, features) = OffloadToggle.ParseRead(read.Stdout);
        if (!evidence.Nic(Read, "TSO/checksum offload", out var nic, out failure, NicUnderTest.FromEthtool(driver)))
        {
            return failure;
        }

        var d = nic.Describe();

        if (evidence.Host(HostOffloads) is { Ok: true } host && host.Observation("tso") == "off" && host.Observation("checksum") == "off")
        {
            return Verdict.NotOffered("the host side of the NIC offers neither TSO nor checksum offload");
        }

        var off = Required.Where(f => !features.TryGetValue(f, out var v) || !v.On).ToList();
        if (off.Count > 0)
        {
            return Verdict.NotSupported($"{d}: {string.Join(", ", off.Select(f => Describe(f, features)))}");
        }

        if (!evidence.Ran(Toggle, out var toggle, out failure))
        {
            return failure;
        }

        var toggles = OffloadToggle.ParseToggles(toggle.Stdout);
        var stuck = toggles.Where(t => !t.RoundTrips).ToList();
        var fixedOnes = toggles.Where(t => t.Fixed).Select(t => t.Feature).ToList();
        var summary = $"{d}: TSO, TX/RX checksum, SG on; {toggles.Count(t => !t.Fixed)} toggled off and back" +
            (fixedOnes.Count > 0 ? $", fixed: {string.Join(", ", fixedOnes)}" : "");
        return stuck.Count == 0
            ? Verdict.Supported(summary)
            : Verdict.Caveat($"{summary}; did not toggle: {string.Join(", ", stuck.Select(t => $"{t.Feature} ({t.Original}→{t.WhenOff}→{t.Restored})"))}");
    }

    private static string Describe(string name, IReadOnlyDictionary<string, EthtoolFeature> features) =>
        features.TryGetValue(name, out var f) ? $"{name} off{(f.Fixed ? " [fixed]" : "")}" : $"{name} missing";
}
