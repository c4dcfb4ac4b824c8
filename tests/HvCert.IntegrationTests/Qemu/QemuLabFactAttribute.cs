namespace HvCert.IntegrationTests.Qemu;

/// <summary>A fact that boots real lab VMs under TCG: skipped only when not root (building the image and the run's network need it).</summary>
public sealed class QemuLabFactAttribute : FactAttribute
{
    public QemuLabFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = "the QEMU lab tests build the guest image (debootstrap) and the run's network namespace, which need root; run as root, as CI does";
        }
        else if (!File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            Skip = "qemu-system-x86_64 is missing: run 'hvcert lab install-deps' (as .ci/run does)";
        }
    }
}

/// <summary>All lab VM tests share one collection so their VMs run one after another (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class QemuLabCollection
{
    public const string Name = "QEMU lab VMs";
}
