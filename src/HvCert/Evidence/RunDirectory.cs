using System.Reflection;
using System.Text.Json;
using HvCert.Hosts;

namespace HvCert.Evidence;

/// <summary>
/// The layout of one run, <c>reports/&lt;run-id&gt;/</c>: evidence.jsonl (the source of truth), host-facts.json,
/// guest-facts.json, copies of the suite and matrix the run used (so a resume or re-judge needs nothing else),
/// and the hvcert version that produced it. Renderers write their files beside these.
/// </summary>
internal sealed record RunDirectory(string Path)
{
    public string RunId => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));

    public string Evidence => Combine("evidence.jsonl");

    public string HostFacts => Combine("host-facts.json");

    public string GuestFacts => Combine("guest-facts.json");

    public string Suite => Combine("suite.yaml");

    public string Matrix => Combine("matrix.yaml");

    public string Version => Combine("hvcert-version");

    public bool Exists => File.Exists(Evidence);

    public static string HvCertVersion { get; } =
        typeof(RunDirectory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>UTC timestamp plus a short random suffix, e.g. <c>20261125-181400-ab12</c>: sortable and unique across shards.</summary>
    public static string NewRunId(TimeProvider time) =>
        $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    /// <summary>Creates <paramref name="outputRoot"/>/<paramref name="runId"/>; refuses an existing one.</summary>
    public static RunDirectory Create(string outputRoot, string runId)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(outputRoot, runId));
        if (Directory.Exists(path))
        {
            throw new IOException($"{path} already exists; a run never overwrites another run's evidence.");
        }

        Directory.CreateDirectory(path);
        return new RunDirectory(path);
    }

    public void CopyInputs(string suiteFile, string matrixFile)
    {
        File.Copy(suiteFile, Suite, overwrite: false);
        File.Copy(matrixFile, Matrix, overwrite: false);
        File.WriteAllText(Version, HvCertVersion + "\n");
    }

    public void WriteHostFacts(HostFacts facts) =>
        File.WriteAllText(HostFacts, JsonSerializer.Serialize(facts, EvidenceJson.Indented) + "\n");

    /// <summary>Rewritten whole from the evidence each time a VM reports (small file; evidence.jsonl stays the source).</summary>
    public void WriteGuestFacts(IEnumerable<GuestFactsRecorded> facts) =>
        File.WriteAllText(GuestFacts, JsonSerializer.Serialize(facts.ToList(), EvidenceJson.Indented) + "\n");

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
