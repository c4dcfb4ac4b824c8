using HvCert.Catalog;
using HvCert.Features;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.Common;

/// <summary>
/// Issue #14: no judge says Supported under <c>--backend hyperv</c> for a guest or a device of another platform. Every judge
/// comes from the explicit registration (<see cref="ProbeRegistry.All"/>), so a new judge fails here until it has a row in
/// <see cref="ForeignDeviceCases"/> (a device case or a reviewed exemption).
/// 1. Platform: each judge gets real boot logs of KVM (QEMU q35, AWS Nitro, GCE) and Xen guests at step 0 and must say
///    Not supported naming the hypervisor.
/// 2. Device: behind a real Hyper-V boot log (so the platform gate lets it through), each judge with a guest device gets a
///    real capture of a foreign device at its device step and must say Not supported naming what it found.
/// </summary>
public sealed class ForeignPlatformTests
{
    private static readonly (string File, string Names)[] LinuxGuests =
    [
        ("dmesg-foreign/kvm-qemu-q35.txt", "KVM"),
        ("dmesg-foreign/aws-ec2-r5d-nitro-kvm.txt", "KVM"),
        ("dmesg-foreign/gce-kvm.txt", "KVM"),
        ("dmesg-foreign/xen-hvm-aws-4.11.txt", "Xen HVM"),
    ];

    private static readonly (string File, string Names)[] FreeBsdGuests =
    [
        ("dmesg-freebsd-foreign/freebsd-10.2-kvm.txt", "KVM"),
        ("dmesg-freebsd-foreign/pfsense-xen-4.8.txt", "Xen"),
    ];

    public static TheoryData<string, string> RegisteredJudges()
    {
        var data = new TheoryData<string, string>();
        foreach (var probe in ProbeRegistry.All)
        {
            data.Add(probe.FeatureId, Os(probe.Os));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegisteredJudges))]
    public void EveryJudge_GuestOfAnotherHypervisorUnderHyperV_NotSupportedNamingIt(string featureId, string os)
    {
        var probe = Registered(featureId, os);
        foreach (var (file, names) in probe.Os == OsFamily.FreeBsd ? FreeBsdGuests : LinuxGuests)
        {
            var evidence = Evidence(probe.Os, [(Platform.Step, Sample.Read(file))]);

            var verdict = probe.Judge(evidence);

            Assert.True(verdict.Kind == VerdictKind.NotSupported, $"{featureId}/{os} on {file}: {verdict.Kind}: {verdict.Reason}");
            Assert.Contains($"a guest of {names}", verdict.Reason);
            Assert.Contains("Hypervisor", verdict.Reason); // the guest's own line is quoted
        }
    }

    [Fact]
    public void EveryRegisteredJudge_HasADeviceCaseOrAReviewedExemption()
    {
        var registered = ProbeRegistry.All.Select(p => $"{p.FeatureId}/{Os(p.Os)}").ToHashSet();
        var listed = ForeignDeviceCases.All.Keys.ToHashSet();

        Assert.Empty(registered.Except(listed)); // a judge without a row
        Assert.Empty(listed.Except(registered)); // a row for a judge that is not registered
        Assert.All(ForeignDeviceCases.All, c => Assert.True(c.Value.Steps.Count > 0 || c.Value.Exempt?.Length > 40, $"{c.Key}: an exemption says why"));
    }

    public static TheoryData<string> DeviceCases() => [.. ForeignDeviceCases.All.Where(c => c.Value.Steps.Count > 0).Select(c => c.Key)];

    [Theory]
    [MemberData(nameof(DeviceCases))]
    public void JudgeWithADevice_ForeignDeviceBehindAHyperVBootLog_NotSupportedNamingWhatItFound(string key)
    {
        var row = ForeignDeviceCases.All[key];
        var (featureId, os) = (key.Split('/')[0], key.Split('/')[1]);
        var probe = Registered(featureId, os);
        var platform = probe.Os == OsFamily.FreeBsd ? HyperVPlatform.FreeBsd : HyperVPlatform.Linux;
        var evidence = Evidence(probe.Os, [(Platform.Step, platform), .. row.Steps], row.Hosts);

        var verdict = probe.Judge(evidence);

        Assert.True(verdict.Kind == VerdictKind.NotSupported, $"{key}: {verdict.Kind}: {verdict.Reason}");
        Assert.Contains(row.Names, verdict.Reason);
    }

    [Fact]
    public void Gate_SupportedHeartbeatFromAKvmGuest_BecomesNotSupported_AndTheSameEvidenceOnHyperVStaysSupported()
    {
        // The feature judge alone would pass: the host saw a heartbeat and the guest lists the Hyper-V heartbeat channel.
        var inventory = Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt");
        (int, string)[] steps = [(1, inventory)];
        (int, bool, (string, string)[])[] hosts = [(2, true, [("alive", "true"), ("status", "OK")])];
        IProbe probe = Registered("core.heartbeat", "linux");

        var onKvm = probe.Judge(Evidence(OsFamily.Linux, [(Platform.Step, Sample.Read("dmesg-foreign/aws-ec2-r5d-nitro-kvm.txt")), .. steps], hosts));
        var onHyperV = probe.Judge(Evidence(OsFamily.Linux, [(Platform.Step, HyperVPlatform.Linux), .. steps], hosts));
        var noStep0 = probe.Judge(Evidence(OsFamily.Linux, steps, hosts));

        Assert.Equal(VerdictKind.Supported, onHyperV.Kind);
        Assert.Equal(VerdictKind.NotSupported, onKvm.Kind);
        Assert.Contains("a guest of KVM ('[    0.000000] Hypervisor detected: KVM')", onKvm.Reason);
        Assert.Equal(VerdictKind.Error, noStep0.Kind);
        Assert.Contains("cannot be shown to be a Hyper-V guest", noStep0.Reason);
    }

    [Theory]
    [InlineData("dmesg-hyperv/ws2022-two-line-form.txt")]
    [InlineData("dmesg-hyperv/azure-arm64-host-build-colon-form.txt")]
    [InlineData("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt")]
    [InlineData("dmesg-freebsd/freebsd-12.1-ws2016.txt")]
    public void Parse_RealHyperVBootLogs_AreHyperV(string file) => Assert.True(Platform.Parse(Sample.Read(file)).HyperV, file);

    [Fact]
    public void Parse_LabBootLogWithoutAHypervisorLine_IsUnknown_NotHyperV()
    {
        // The QEMU lab under TCG: the kernel prints no "Hypervisor detected" line at all.
        var seen = Platform.Parse(Sample.Read("dmesg/lab-debian12-gen1-e820.txt"));

        Assert.False(seen.HyperV);
        Assert.Null(seen.Other);
    }

    private static IProbe Registered(string featureId, string os) =>
        ProbeRegistry.All.Single(p => p.FeatureId == featureId && Os(p.Os) == os);

    private static string Os(OsFamily os) => os == OsFamily.FreeBsd ? "freebsd" : "linux";

    private static ProbeEvidence Evidence(OsFamily os, IEnumerable<(int Step, string Stdout)> steps, IEnumerable<(int Step, bool Ok, (string, string)[] Observations)>? hosts = null)
    {
        var cell = new HvCert.Planning.CellKey("t", Generation.Gen2, "h", "f");
        var commands = steps.Select(s => new HvCert.Evidence.CommandRan(cell, 1, s.Step, $"step {s.Step}", 0, s.Stdout, "", 5, false, false)).ToList();
        var actions = (hosts ?? []).Select(h => new HvCert.Evidence.HostActionDone(cell, 1, h.Step, $"h{h.Step}", h.Ok,
            h.Observations.ToDictionary(o => o.Item1, o => o.Item2), h.Ok ? null : "failed", 1)).ToList();
        return new ProbeEvidence(BackendKind.HyperV, os, Generation.Gen2, ReferenceDevices.HyperV, new Dictionary<string, string>(),
            new Dictionary<string, string>(), commands, actions);
    }
}
