using HvCert.Hosts;
using HvCert.Qemu.Accel;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Qemu.Accel;

/// <summary>The accelerator decision with a fake test boot and a real cache folder: KVM only by proof, TCG otherwise, once per host.</summary>
public sealed class AcceleratorSelectorTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"hvcert-accel-test-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider time = new();
    private int testBoots;

    private static readonly AcceleratorHost KvmPvm = new(KvmDevice: true, CpuVirtualizationFlag: false, "labhost 6.8.0-pvm", "7.2.22");
    private static readonly AcceleratorHost RealKvm = new(KvmDevice: true, CpuVirtualizationFlag: true, "workstation 6.1.0-28-amd64", "7.2.22");
    private static readonly AcceleratorHost NoKvm = new(KvmDevice: false, CpuVirtualizationFlag: false, "labhost 6.8.0", "7.2.22");

    public void Dispose()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private Func<CancellationToken, Task<KvmTestBootResult>> Boot(KvmTestBootResult result, TimeSpan takes) => _ =>
    {
        testBoots++;
        time.Advance(takes);
        return Task.FromResult(result);
    };

    private static readonly KvmTestBootResult Spins = new(false, "no SeaBIOS output on the debug console within 5 s (QEMU was running; killed)");
    private static readonly KvmTestBootResult Boots = new(true, "SeaBIOS after 0.1 s, the kernel banner on serial after 1.8 s");

    private Task<AcceleratorChoice> Choose(AcceleratorRequest request, AcceleratorHost host, KvmTestBootResult result, double seconds = 5) =>
        AcceleratorSelector.ChooseAsync(request, host, new AcceleratorCache(dir), Boot(result, TimeSpan.FromSeconds(seconds)), time, CancellationToken.None);

    [Fact]
    public async Task Auto_KvmPvmThatSpins_FallsBackToTcgWithTheReason_AndTestsOnlyOnce()
    {
        var first = await Choose(AcceleratorRequest.Auto, KvmPvm, Spins, seconds: 5.2);
        var second = await Choose(AcceleratorRequest.Auto, KvmPvm, Spins);

        Assert.Equal(Accelerator.Tcg, first.Kind);
        Assert.Equal("probed", first.Source);
        Assert.Contains("no vmx/svm flag", first.Reason, StringComparison.Ordinal);
        Assert.Contains("no SeaBIOS output", first.Reason, StringComparison.Ordinal);
        Assert.InRange(first.CostSeconds, 5.1, 10);
        Assert.Equal(Accelerator.Tcg, second.Kind);
        Assert.Equal("cached", second.Source);
        Assert.Equal(0, second.CostSeconds);
        Assert.Contains("no SeaBIOS output", second.Reason, StringComparison.Ordinal);
        Assert.Equal(1, testBoots);
    }

    [Fact]
    public async Task Auto_KvmThatBootsTheGuest_UsesKvm_AndCachesIt()
    {
        var first = await Choose(AcceleratorRequest.Auto, RealKvm, Boots, seconds: 2);
        var second = await Choose(AcceleratorRequest.Auto, RealKvm, Spins);

        Assert.Equal(Accelerator.Kvm, first.Kind);
        Assert.Contains("kernel banner", first.Reason, StringComparison.Ordinal);
        Assert.Equal(Accelerator.Kvm, second.Kind);
        Assert.Equal("cached", second.Source);
        Assert.Equal(1, testBoots);
    }

    [Fact]
    public async Task Auto_WithoutKvmDevice_IsTcgWithoutATestBoot()
    {
        var choice = await Choose(AcceleratorRequest.Auto, NoKvm, Boots);

        Assert.Equal(Accelerator.Tcg, choice.Kind);
        Assert.Equal("no /dev/kvm on this host", choice.Reason);
        Assert.Equal(0, testBoots);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Auto_ANewQemuVersionOrKernel_TestsAgain()
    {
        await Choose(AcceleratorRequest.Auto, KvmPvm, Spins);
        var upgraded = await Choose(AcceleratorRequest.Auto, KvmPvm with { QemuVersion = "10.0.2" }, Boots);
        var newKernel = await Choose(AcceleratorRequest.Auto, KvmPvm with { Host = "labhost 6.9.0" }, Boots);

        Assert.Equal(Accelerator.Kvm, upgraded.Kind);
        Assert.Equal(Accelerator.Kvm, newKernel.Kind);
        Assert.Equal(3, testBoots);
    }

    [Fact]
    public async Task Auto_AnInconclusiveTestBoot_IsNotCached()
    {
        var firmwareOnly = new KvmTestBootResult(true, "SeaBIOS ran after 0.1 s; no lab image is cached yet, so the kernel stage was not tried", Conclusive: false);

        var first = await Choose(AcceleratorRequest.Auto, RealKvm, firmwareOnly);
        var second = await Choose(AcceleratorRequest.Auto, RealKvm, Boots);

        Assert.Equal(Accelerator.Kvm, first.Kind);
        Assert.Equal("probed", second.Source);
        Assert.Equal(2, testBoots);
    }

    [Fact]
    public async Task Auto_ACorruptCacheFile_IsIgnored()
    {
        await Choose(AcceleratorRequest.Auto, KvmPvm, Spins);
        foreach (var file in Directory.GetFiles(dir))
        {
            File.WriteAllText(file, "{ not json");
        }

        var again = await Choose(AcceleratorRequest.Auto, KvmPvm, Spins);

        Assert.Equal("probed", again.Source);
        Assert.Equal(2, testBoots);
    }

    [Fact]
    public async Task Forced_Tcg_SkipsTheTestBootEvenWhereKvmWorks()
    {
        var choice = await Choose(AcceleratorRequest.Tcg, RealKvm, Boots);

        Assert.Equal(Accelerator.Tcg, choice.Kind);
        Assert.Equal("forced", choice.Source);
        Assert.Equal(0, testBoots);
    }

    [Fact]
    public async Task Forced_Kvm_IsKvmWithoutATestBoot_ButNeedsTheDevice()
    {
        var choice = await Choose(AcceleratorRequest.Kvm, KvmPvm, Spins);

        Assert.Equal(Accelerator.Kvm, choice.Kind);
        Assert.Equal(0, testBoots);
        await Assert.ThrowsAsync<InfrastructureException>(() => Choose(AcceleratorRequest.Kvm, NoKvm, Boots));
    }

    [Theory]
    [InlineData(null, "Auto")]
    [InlineData("auto", "Auto")]
    [InlineData("TCG", "Tcg")]
    [InlineData("kvm", "Kvm")]
    [InlineData("hax", null)]
    public void ParseRequest_KnowsTheThreeValues(string? value, string? expected) =>
        Assert.Equal(expected, AcceleratorChoice.ParseRequest(value)?.ToString());
}
