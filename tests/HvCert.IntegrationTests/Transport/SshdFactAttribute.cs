namespace HvCert.IntegrationTests.Transport;

/// <summary>A fact that needs a real OpenSSH server started by the test: skipped, with the reason, when that cannot be done.</summary>
public sealed class SshdFactAttribute : FactAttribute
{
    public SshdFactAttribute()
    {
        if (!File.Exists(LocalSshd.SshdPath))
        {
            Skip = $"{LocalSshd.SshdPath} is missing: install openssh-server (as .ci/run does) to run the SSH transport tests";
        }
        else if (Environment.UserName != "root")
        {
            Skip = "the SSH transport tests start their own sshd, which needs root (run as root, as CI does)";
        }
    }
}
