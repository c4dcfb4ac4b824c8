using HvCert.Qemu.Accel;

namespace HvCert.Tests.Qemu.Accel;

public sealed class KvmTestBootTests
{
    // First "flags" line of /proc/cpuinfo captured on the lab machine (AMD EPYC under a kvm-pvm host, 2026-11-26):
    // "hypervisor" but neither vmx nor svm.
    private const string LabMachineFlags =
        "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext lm "
        + "constant_tsc rep_good nopl xtopology tsc_reliable nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 "
        + "sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cr8_legacy misalignsse "
        + "3dnowprefetch topoext pti        vmmcall bmi1 avx2 bmi2 erms avx512f\n";

    [Fact]
    public void VirtualizationFlag_AbsentOnTheKvmPvmLabMachine() => Assert.False(ThisHost.HasVirtualizationFlag(LabMachineFlags));

    [Theory]
    [InlineData("flags\t\t: fpu vme de pse tsc msr pae vmx smx est\n")]
    [InlineData("processor\t: 0\nflags\t\t: fpu lm svm extapic cr8_legacy\n")]
    public void VirtualizationFlag_FoundAsAWholeFlag(string cpuinfo) => Assert.True(ThisHost.HasVirtualizationFlag(cpuinfo));

    [Fact]
    public void VirtualizationFlag_NotMatchedInsideAnotherFlag() => Assert.False(ThisHost.HasVirtualizationFlag("flags\t: svm_lock vmxon_x\n"));

    [Fact]
    public void Arguments_BootUnderKvmWithSeaBiosOnTheDebugConsole_OnAThrowawayOverlay()
    {
        var line = string.Join(' ', KvmTestBoot.Arguments("/tmp/t", "/cache/disk.qcow2"));

        Assert.Contains("-accel kvm -cpu host", line, StringComparison.Ordinal);
        Assert.Contains("-debugcon file:/tmp/t/debugcon.log -global isa-debugcon.iobase=0x402", line, StringComparison.Ordinal);
        Assert.Contains("-serial file:/tmp/t/serial.log", line, StringComparison.Ordinal);
        Assert.Contains("file=/cache/disk.qcow2,if=virtio,format=qcow2,snapshot=on", line, StringComparison.Ordinal);
        Assert.DoesNotContain("-netdev", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_WithoutAnImage_BootFirmwareOnly() =>
        Assert.DoesNotContain("-drive", string.Join(' ', KvmTestBoot.Arguments("/tmp/t", null)), StringComparison.Ordinal);
}
