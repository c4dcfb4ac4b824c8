using HvCert.IntegrationTests.Transport;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>Needs a real sshd (root) and real PowerShell 7 (pwsh); skipped with the reason when either is missing.</summary>
public sealed class PwshOverSshFactAttribute : FactAttribute
{
    public PwshOverSshFactAttribute()
    {
        Timeout = 300_000; // a wedged SSH channel fails the test instead of holding CI (a pwsh start takes ~5-20 s here)
        if (!File.Exists(LocalSshd.SshdPath))
        {
            Skip = $"{LocalSshd.SshdPath} is missing: install openssh-server (as .ci/run does) to run the SSH gateway tests";
        }
        else if (Environment.UserName != "root")
        {
            Skip = "the SSH gateway tests start their own sshd, which needs root (run as root, as CI does)";
        }
        else if (PwshHost.FindPwsh() is null)
        {
            Skip = "pwsh is missing: install PowerShell 7 with 'dotnet tool install --global PowerShell --version 7.6.9' (as .ci/run does)";
        }
    }
}
