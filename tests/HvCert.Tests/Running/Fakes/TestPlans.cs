using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Running;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Running.Fakes;

internal static class TestPlans
{
    public static readonly TargetRef Debian12 = new("debian-12", "debian", "12", OsFamily.Linux,
        new Dictionary<Generation, string> { [Generation.Gen1] = "debian-bookworm", [Generation.Gen2] = "debian-bookworm" });

    public static PlannedCell Cell(string feature, Generation gen = Generation.Gen1, Verdict? preset = null, TimeSpan? timeout = null) =>
        new(new CellKey("debian-12", gen, "qemu", feature), FeatureCatalog.Get(feature),
            new Dictionary<string, string> { ["mtu"] = "9000" }, timeout ?? TimeSpan.FromSeconds(180), preset);

    public static VmGroup Group(string key, Generation gen, string[] shared, string[]? isolated = null) =>
        new(key, Debian12, gen, false, "qemu", shared.Select(f => Cell(f, gen)).ToList(), (isolated ?? []).Select(f => Cell(f, gen)).ToList());

    public static Plan Plan(IReadOnlyList<VmGroup> groups, IReadOnlyList<PlannedCell>? preset = null) =>
        new("suite.yaml", "matrix.yaml", BackendKind.Qemu, groups, preset ?? []);

    public static FakeCatalog CatalogFor(Plan plan) =>
        new(plan.Groups.SelectMany(g => g.Shared.Select(c => (c.Feature.Id, Isolation.SharedVm))
                .Concat(g.Isolated.Select(c => (c.Feature.Id, Isolation.OwnVm))))
            .DistinctBy(x => x.Item1).Select(x => new FakeProbe(x.Item1, x.Item2)).ToArray());
}

/// <summary>A runner wired to fakes, recording into memory.</summary>
internal sealed class RunnerHarness(FakeBackend backend, FakeCatalog catalog, int slots = 1, TimeProvider? time = null,
    IEnumerable<EvidenceEvent>? prior = null)
{
    /// <summary>Wall-clock wait for a Ctrl-C after an infrastructure failure; zero keeps unit tests fast.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.Zero;

    public RunRecorder Recorder { get; } = new(null, new SilentProgress(), time ?? new FakeTimeProvider(EvidenceTestTime.T0), prior: prior);

    public FakeBackend Backend => backend;

    public FakeCatalog Catalog => catalog;

    public Task RunAsync(Plan plan, CancellationToken cancellationToken = default) =>
        new Runner(backend, catalog, Recorder, new RunOptions("r1", slots, TimeSpan.FromSeconds(300)) { CancellationGrace = CancellationGrace })
            .RunAsync(plan, CellOutcomes.From(prior ?? []), cancellationToken);

    public IReadOnlyList<T> Events<T>() => Recorder.Snapshot().OfType<T>().ToList();

    public IReadOnlyList<ProbeJudged> Judged(string feature) => Events<ProbeJudged>().Where(j => j.Cell.FeatureId == feature).ToList();
}

internal static class EvidenceTestTime
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
}
