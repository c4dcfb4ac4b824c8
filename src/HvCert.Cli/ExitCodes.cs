namespace HvCert.Cli;

/// <summary>Process exit codes, documented in the README and in `hvcert --help`.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int CertificationFailed = 1;
    public const int BadInput = 2;
    public const int InfrastructureError = 3;
    public const int Cancelled = 130;
}
