using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Running;
using HvCert.Tests.Evidence;

namespace HvCert.Tests.Running;

public sealed class RunStatusPolicyTests
{
    private static ProbeJudged J(string feature, VerdictKind kind, int attempt = 1, bool retry = false) =>
        new(EvidenceSamples.Cell(feature), attempt, kind, "r", 0) { WillRetry = retry };

    [Fact]
    public void From_RetriedErrorThenSupported_IsGreen()
    {
        Assert.Equal(RunStatus.Green, RunStatusPolicy.From([J("misc.kvp", VerdictKind.Error, 1, true), J("misc.kvp", VerdictKind.Supported, 2)], false));
    }

    [Fact]
    public void From_NotSupportedAndError_CertificationFailureWins()
    {
        Assert.Equal(RunStatus.CertificationFailed, RunStatusPolicy.From([J("misc.kvp", VerdictKind.NotSupported), J("misc.nmi", VerdictKind.Error)], false));
    }

    [Fact]
    public void From_FinalError_IsInfrastructureError()
    {
        Assert.Equal(RunStatus.InfrastructureError, RunStatusPolicy.From([J("misc.kvp", VerdictKind.Supported), J("misc.nmi", VerdictKind.Error, 2)], false));
    }

    [Theory]
    [InlineData(VerdictKind.NotApplicable)]
    [InlineData(VerdictKind.NotOffered)]
    [InlineData(VerdictKind.Skipped)]
    [InlineData(VerdictKind.SupportedWithCaveat)]
    public void From_NeutralVerdicts_AreGreen(VerdictKind kind)
    {
        Assert.Equal(RunStatus.Green, RunStatusPolicy.From([J("misc.kvp", kind)], false));
    }

    [Fact]
    public void From_Cancelled_IsCancelledWhateverTheVerdicts()
    {
        Assert.Equal(RunStatus.Cancelled, RunStatusPolicy.From([J("misc.kvp", VerdictKind.NotSupported)], true));
    }
}
