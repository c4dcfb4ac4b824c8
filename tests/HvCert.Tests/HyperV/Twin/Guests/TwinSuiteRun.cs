using HvCert.Catalog;
using HvCert.Reporting;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// One `full` suite run over the twin (2025 host, Debian 12 and FreeBSD 13/14, both generations), shared by the per-feature
/// tests of <see cref="TwinGuestFeatureTests"/>: the real RunSession, HyperVBackend, probes and judges, guests from captures.
/// </summary>
public sealed class TwinSuiteRun : IAsyncLifetime
{
    private readonly TwinRun run = new("2025");

    public RunResults Results { get; private set; } = null!;

    public CellResult Cell(string target, Generation generation, string featureId) =>
        Results.Cells.Single(c => c.Key.Target == target && c.Key.Generation == generation && c.Key.FeatureId == featureId);

    public async Task InitializeAsync() => Results = await run.RunAsync();

    public Task DisposeAsync()
    {
        run.Dispose();
        return Task.CompletedTask;
    }
}
