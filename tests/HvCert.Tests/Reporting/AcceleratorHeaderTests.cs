using HvCert.Hosts;
using HvCert.Reporting.Renderers;

namespace HvCert.Tests.Reporting;

/// <summary>The report header names the accelerator that ran the guests and why (the QEMU lab's host facts).</summary>
public sealed class AcceleratorHeaderTests
{
    private static readonly HvCert.Reporting.RunResults Results = SampleRun.Results() with
    {
        HostFacts = new HostFacts(BackendKind.Qemu, "7.2.22", "qemu-system-x86_64 7.2.22", "AMD EPYC", new Dictionary<string, string>
        {
            ["accelerator"] = "tcg",
            ["accelerator_reason"] = "/dev/kvm exists, but a KVM test boot did not reach the guest: <no SeaBIOS output>",
        }),
    };

    [Fact]
    public void SupportMatrix_HeaderNamesTheAcceleratorAndReason()
    {
        var md = Assert.Single(new SupportMatrixRenderer().Render(Results)).Content;

        Assert.Contains("Accelerator: tcg (/dev/kvm exists, but a KVM test boot did not reach the guest:", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_HeaderNamesTheAccelerator_Escaped()
    {
        var html = Assert.Single(new HtmlReportRenderer().Render(Results)).Content;

        Assert.Contains("accelerator <b>tcg</b> (/dev/kvm exists, but a KVM test boot did not reach the guest: &lt;no SeaBIOS output&gt;)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SupportMatrix_WithoutAcceleratorFacts_SaysNothingAboutIt() =>
        Assert.DoesNotContain("Accelerator:", Assert.Single(new SupportMatrixRenderer().Render(SampleRun.Results())).Content, StringComparison.Ordinal);
}
