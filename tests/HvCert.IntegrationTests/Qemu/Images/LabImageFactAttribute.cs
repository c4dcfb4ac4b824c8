namespace HvCert.IntegrationTests.Qemu.Images;

/// <summary>A fact that builds (or reuses) a real lab image: needs root and the lab packages (.ci/run installs them).</summary>
public sealed class LabImageFactAttribute : FactAttribute
{
    public LabImageFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = "building a lab image needs root (debootstrap, chroot); run as root, as CI does";
        }
        else if (!File.Exists("/usr/sbin/debootstrap") || !File.Exists("/usr/bin/qemu-img"))
        {
            Skip = "debootstrap or qemu-img is missing: run 'hvcert lab install-deps' (as .ci/run does)";
        }
    }
}
