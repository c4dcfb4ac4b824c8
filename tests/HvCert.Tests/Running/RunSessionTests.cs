using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Running;
using HvCert.Tests.Running.Fakes;
using static HvCert.Tests.Running.Fakes.TestPlans;

namespace HvCert.Tests.Running;

public sealed class RunSessionTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-runs-").FullName;

    private static readonly string[] Shared = ["net.jumbo-frames", "core.heartbeat", "storage.trim", "misc.kvp"];

    [Fact]
    public async Task StartAsync_WholeRun_WritesLayoutAndClosedEvidence()
    {
        var plan = Plan([Group("g1", Generation.Gen1, Shared, ["core.shutdown"])]);
        var (suite, matrix) = Inputs();

        var outcome = await RunSession.StartAsync(plan, null, null, suite, matrix, root, Env(new FakeBackend(), CatalogFor(plan)), default);

        var dir = outcome.Directory;
        Assert.Matches(@"^\d{8}-\d{6}-[0-9a-f]{4}$", dir.RunId);
        Assert.Equal(RunStatus.Green, outcome.Status);
        foreach (var file in new[] { dir.Evidence, dir.HostFacts, dir.GuestFacts, dir.Suite, dir.Matrix, dir.Version })
        {
            Assert.True(File.Exists(file), file);
        }

        Assert.Contains("fake cpu", File.ReadAllText(dir.HostFacts));
        Assert.Contains("bookworm", File.ReadAllText(dir.GuestFacts));
        var events = EvidenceReader.Read(dir.Evidence).Events;
        Assert.IsType<RunStarted>(events[0]);
        Assert.Equal(0, Assert.IsType<RunFinished>(events[^1]).ExitCode);
        Assert.Equal(5, events.OfType<ProbeJudged>().Count());
    }

    [Fact]
    public async Task ResumeAsync_AfterKillAndTornLine_FinishesWithoutRepeatingAFinishedProbe()
    {
        var plan = Plan([Group("g1", Generation.Gen1, Shared, ["core.shutdown"])]);
        var (suite, matrix) = Inputs();
        var catalog = CatalogFor(plan);
        using var kill = new CancellationTokenSource();
        catalog["storage.trim"].Before = async (_, _, ct) =>
        {
            await kill.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        };
        var backend = new FakeBackend();
        var first = await RunSession.StartAsync(plan, null, null, suite, matrix, root, Env(backend, catalog), kill.Token);
        Assert.Equal(RunStatus.Cancelled, first.Status);
        Assert.Equal(0, backend.Live);
        File.AppendAllText(first.Directory.Evidence, "{\"type\":\"command_ran\",\"cell\":"); // the kill tore a line

        catalog["storage.trim"].Before = (_, _, _) => Task.CompletedTask;
        var log = EvidenceReader.Read(first.Directory.Evidence);
        Assert.True(log.TornTailDropped);
        var second = await RunSession.ResumeAsync(plan, first.Directory, log, Env(backend, catalog), default);

        Assert.Equal(RunStatus.Green, second.Status);
        var events = EvidenceReader.Read(first.Directory.Evidence).Events;
        var cancelled = Assert.Single(events.OfType<ProbeJudged>(), j => j.Cancelled);
        Assert.Equal(("storage.trim", VerdictKind.Skipped), (cancelled.Cell.FeatureId, cancelled.Verdict));
        Assert.Single(events.OfType<RunFinished>());
        var judged = events.OfType<ProbeJudged>().Where(j => !j.Cancelled).GroupBy(j => j.Cell.FeatureId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(judged.Values, count => Assert.Equal(1, count));
        Assert.Equal(5, judged.Count);
        Assert.Single(catalog["net.jumbo-frames"].RanOn);
        Assert.Single(catalog["core.heartbeat"].RanOn);
        Assert.Equal(2, catalog["storage.trim"].RanOn.Count);
        Assert.Equal(2, events.OfType<ProbeStarted>().Where(p => p.Cell.FeatureId == "storage.trim").Select(p => p.Attempt).Max());
        Assert.Single(events.OfType<RunResumed>());
    }

    [Fact]
    public async Task StartAsync_InfrastructureErrorAfterRetry_StatusIsInfrastructureError()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = (_, _, _) => throw new HvCert.Hosts.InfrastructureException("host down");
        var (suite, matrix) = Inputs();

        var outcome = await RunSession.StartAsync(plan, null, null, suite, matrix, root, Env(new FakeBackend(), catalog), default);

        Assert.Equal(RunStatus.InfrastructureError, outcome.Status);
        Assert.Equal("1 error", outcome.Summary);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private (string Suite, string Matrix) Inputs()
    {
        var suite = Path.Combine(root, "in-suite.yaml");
        var matrix = Path.Combine(root, "in-matrix.yaml");
        File.WriteAllText(suite, "name: test\n");
        File.WriteAllText(matrix, "name: test\n");
        return (suite, matrix);
    }

    private static RunEnvironment Env(FakeBackend backend, FakeCatalog catalog) =>
        new(backend, catalog, _ => new SilentProgress(), TimeProvider.System, 1, TimeSpan.FromSeconds(60));
}
