using HvCert.Catalog;

namespace HvCert.Planning;

/// <summary>One cell of the support matrix: a feature on a target release, generation and (for Hyper-V) host version.</summary>
/// <param name="Target">Matrix target id, e.g. <c>debian-12</c>.</param>
/// <param name="Host">Host column, e.g. <c>2019</c> on Hyper-V or <c>qemu</c> on the lab.</param>
public sealed record CellKey(string Target, Generation Generation, string Host, string FeatureId)
{
    public override string ToString() => $"{Target}/{Generation}/{Host}/{FeatureId}";
}
