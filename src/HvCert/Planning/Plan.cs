using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Planning;

/// <summary>A distro release to certify, as the matrix names it.</summary>
/// <param name="Image">Image per generation (lab image name or template VHDX path).</param>
public sealed record TargetRef(
    string Id,
    string Distro,
    string Release,
    OsFamily Os,
    IReadOnlyDictionary<Generation, string> Images);

/// <summary>One feature to judge in one cell. <paramref name="Preset"/> is set when the planner already knows the verdict (Not applicable / Not offered).</summary>
public sealed record PlannedCell(
    CellKey Key,
    Feature Feature,
    IReadOnlyDictionary<string, string> Parameters,
    TimeSpan Timeout,
    Verdict? Preset = null);

/// <summary>
/// The probes that run against one booted VM. <see cref="Shared"/> probes leave the VM usable; <see cref="Isolated"/>
/// ones (shutdown, NMI, migration, resize…) run after them, each on a fresh VM or a snapshot revert.
/// </summary>
public sealed record VmGroup(
    string Key,
    TargetRef Target,
    Generation Generation,
    bool SecureBoot,
    string Host,
    IReadOnlyList<PlannedCell> Shared,
    IReadOnlyList<PlannedCell> Isolated);

/// <summary>The planner's output: pure data, deterministic for the same inputs.</summary>
public sealed record Plan(
    string Suite,
    string Matrix,
    BackendKind Backend,
    IReadOnlyList<VmGroup> Groups,
    IReadOnlyList<PlannedCell> Preset)
{
    public IEnumerable<PlannedCell> AllCells =>
        Groups.SelectMany(g => g.Shared.Concat(g.Isolated)).Concat(Preset);

    /// <summary>Set on a sharded plan: this is shard <c>Index</c> of <c>Count</c>.</summary>
    public ShardSpec? ShardOf { get; init; }

    /// <summary>
    /// Shard <paramref name="index"/> (1-based) of <paramref name="count"/>: whole VM groups, balanced by cell count,
    /// deterministic for the same plan. Preset cells travel with their target/generation/host so every cell lands in
    /// exactly one shard.
    /// </summary>
    public Plan Shard(int index, int count) => PlanSharding.Shard(this, new ShardSpec(index, count));
}
