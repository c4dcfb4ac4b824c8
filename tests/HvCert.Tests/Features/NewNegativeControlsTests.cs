using System.Diagnostics;
using HvCert.Features;
using HvCert.Features.Memory.Pae;
using HvCert.Features.Misc.HvSockets;
using HvCert.Features.Misc.PciPassthrough;
using HvCert.Features.Networking.SrIov;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Seed;
using HvCert.Probes;
using YamlDotNet.RepresentationModel;

namespace HvCert.Tests.Features;

/// <summary>
/// Issue #14: the five Linux probes whose negative control was missing or expressible on no backend (PAE, lsvmbus, Hyper-V
/// sockets and PCI passthrough declared none; SR-IOV declared SrIovDisabled, which no backend expressed). Each control is a
/// VmFault the probe declares, expressed by the Hyper-V backend (a host setting, or a guest configuration through the seed's
/// cloud-init bootcmd, as the lab sets its guest faults), and the judge says not Supported on what the fault produces.
/// </summary>
public sealed class NewNegativeControlsTests
{
    public static TheoryData<string, VmFault> Controls => new()
    {
        { "memory.pae", VmFault.MemoryAtMost3Gib },
        { "misc.lsvmbus", VmFault.LsvmbusRemoved },
        { "misc.hv-sockets", VmFault.HvSocketBlocked },
        { "misc.pci-passthrough", VmFault.PassthroughBridgeBlocked },
        { "net.sriov", VmFault.SrIovDisabled },
    };

    [Theory]
    [MemberData(nameof(Controls))]
    public void Control_IsDeclaredByTheProbe_AndExpressibleOnHyperV(string featureId, VmFault fault)
    {
        var probe = ProbeRegistry.Find(featureId, HvCert.Catalog.OsFamily.Linux)!;
        var caps = HyperVCapabilities.From(HyperVInventory.Default with { SrIovSwitch = "hvcert-iov" });

        Assert.Contains(fault, probe.NegativeControl);
        Assert.Contains(fault, caps.ExpressibleFaults);
    }

    [Fact]
    public void SrIovDisabled_IsNotExpressibleWithoutAnIovSwitch() =>
        Assert.DoesNotContain(VmFault.SrIovDisabled, HyperVCapabilities.From(HyperVInventory.Default).ExpressibleFaults);

    [Fact]
    public void MemoryAtMost3Gib_CapsWhatEveryBackendGives()
    {
        var spec = new VmSpec("r", "vm", "img", HvCert.Catalog.Generation.Gen1, false, MemoryMb: 6144, Faults: new HashSet<VmFault> { VmFault.MemoryAtMost3Gib });
        var options = HvCert.Tests.Qemu.QemuCommandLineTests.Options(HvCert.Catalog.Generation.Gen1, faults: VmFault.MemoryAtMost3Gib);
        var line = string.Join(' ', HvCert.Qemu.Lab.QemuCommandLine.Build(options with { Spec = options.Spec with { MemoryMb = 6144 } }));

        Assert.Equal(3072, spec.EffectiveMemoryMb);
        Assert.Equal(6144, (spec with { Faults = null }).EffectiveMemoryMb);
        Assert.Contains("-m 3145720K,", line, StringComparison.Ordinal); // 3 GiB less the lab's TCG shortfall of 8 KiB
    }

    [Fact]
    public void Pae_PaeKernelOnA3GibVm_NotSupported()
    {
        // What MemoryAtMost3Gib gives an i686 PAE guest: the pae flag, a PAE kernel, and no memory above 4 GiB.
        var v = FeatbEvidence.HyperV("memory.pae").Out(PaeProbe.Machine, "i686\n").Out(PaeProbe.Kernel, "6.1.0-50-686-pae\n")
            .Sample(PaeProbe.CpuFlags, "proc-cpuinfo", "build-host-firecracker").Out(PaeProbe.MemoryInfo, "MemTotal:        3045000 kB\n").Judge();

        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("sees only", v.Reason);
    }

    [Fact]
    public void HvSockets_HvSockRefusedAndUnloaded_NotSupported()
    {
        // Real lab lsmod (no hv_sock), no registration line, socat cannot open AF_VSOCK, the host's connect is refused.
        var v = FeatbEvidence.HyperV("misc.hv-sockets").Sample(HvSocketsProbe.Modules, "lsmod", "lab-debian12-gen1").Out(HvSocketsProbe.KernelLog, "", 1)
            .Out(HvSocketsProbe.Listen, "", 1, "socat[812] E socket(40, 1, 0): Address family not supported by protocol")
            .Host(HvSocketsProbe.Connect, false, ("port", "5001"), ("payload", "hvcert-x")).Judge();

        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("no hv_sock transport", v.Reason);
    }

    [Fact]
    public void PciPassthrough_BridgeDriverRefused_AssignedDeviceNeverAppears_NotSupported()
    {
        // The host assigned 1414:008e (the real WSL2 hv_pci device); the guest's PCI bus is the lab's, domain 0000 only.
        var v = FeatbEvidence.HyperV("misc.pci-passthrough").Host(PciPassthroughProbe.Assign, true, ("pci", "1414:008e"))
            .Sample(PciPassthroughProbe.Devices, "lspci", "lab-debian12-gen1-Dnnk").Out(PciPassthroughProbe.KernelLog, "", 1).Judge();

        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("does not show it on a pass-through (non-zero) PCI domain", v.Reason);
    }

    [Fact]
    public void SrIov_IovWeightZero_NoVirtualFunction_NotSupported()
    {
        var v = FeatbEvidence.HyperV("net.sriov").Host(SrIovProbe.Enable, true, ("vf_count", "0"))
            .Sample(SrIovProbe.Pci, "lspci", "lab-debian12-gen1-Dnnk").Out(SrIovProbe.Links, "").Judge();

        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("shows none", v.Reason);
    }

    [Fact]
    public void Seed_GuestConfigurationFaults_BecomeBootcmdEntriesThatParseAndRunAsShell()
    {
        var faults = new HashSet<VmFault> { VmFault.LsvmbusRemoved, VmFault.HvSocketBlocked, VmFault.PassthroughBridgeBlocked, VmFault.SingleCpu };
        var userData = NoCloudSeed.UserData("hvcert", GuestKeys.Create("t"), faults);

        var yaml = new YamlStream();
        yaml.Load(new StringReader(userData));
        var bootcmd = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)[new YamlScalarNode("bootcmd")];
        var commands = bootcmd.Children.Cast<YamlSequenceNode>().Select(c => c.Children.Select(x => ((YamlScalarNode)x).Value ?? "").ToList()).ToList();

        Assert.Equal(3, commands.Count); // SingleCpu is a host setting, not a guest command
        Assert.All(commands, c => Assert.Equal(["sh", "-c"], c.Take(2)));
        Assert.Equal(GuestFaultCommands.For(faults), commands.Select(c => c[2]).ToList());
        Assert.All(commands, c => Assert.Equal(0, ShellSyntax(c[2])));
        Assert.DoesNotContain("bootcmd", NoCloudSeed.UserData("hvcert", GuestKeys.Create("t")));
    }

    private static int ShellSyntax(string command)
    {
        using var sh = Process.Start(new ProcessStartInfo("sh", ["-n", "-c", command]) { RedirectStandardError = true })!;
        sh.WaitForExit(10_000);
        return sh.ExitCode;
    }
}
