using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Tests.Guests.Tools.Linux;

namespace HvCert.Tests.Features;

/// <summary>Builds the ProbeEvidence a judge reads, from committed guest outputs and host observations.</summary>
internal sealed class FeatbEvidence(BackendKind backend, string featureId)
{
    private static readonly CellKey Cell = new("debian-12", Generation.Gen1, "test", "x");
    private readonly List<CommandRan> commands = [];
    private readonly List<HostActionDone> actions = [];
    private readonly Dictionary<string, string> settings = [];
    private readonly Dictionary<string, string> parameters = [];
    private List<OfferedDevice> offered = [.. ReferenceDevices.For(backend)];
    private Generation generation = Generation.Gen1;

    public static FeatbEvidence HyperV(string featureId) => new(BackendKind.HyperV, featureId);

    public static FeatbEvidence Qemu(string featureId) => new(BackendKind.Qemu, featureId);

    public FeatbEvidence Gen2()
    {
        generation = Generation.Gen2;
        return this;
    }

    public FeatbEvidence Offer(params OfferedDevice[] devices)
    {
        offered.AddRange(devices);
        return this;
    }

    public FeatbEvidence Without(DeviceRole role)
    {
        offered = offered.Where(d => d.Role != role).ToList();
        return this;
    }

    public FeatbEvidence Setting(string key, string value)
    {
        settings[key] = value;
        return this;
    }

    public FeatbEvidence Param(string key, string value)
    {
        parameters[key] = value;
        return this;
    }

    public FeatbEvidence Out(int step, string stdout, int exit = 0, string stderr = "")
    {
        commands.Add(new CommandRan(Cell, 1, step, $"step {step}", exit, stdout, stderr, 10, false, false));
        return this;
    }

    /// <summary>A committed sample (Samples/&lt;command&gt;/&lt;source&gt;.txt without its provenance line) as step output.</summary>
    public FeatbEvidence Sample(int step, string command, string source, int exit = 0) => Out(step, LinuxSamples.Read(command, source), exit);

    public FeatbEvidence Host(int step, bool ok, params (string Key, string Value)[] observations)
    {
        actions.Add(new HostActionDone(Cell, 1, step, $"host {step}", ok, observations.ToDictionary(o => o.Key, o => o.Value), ok ? null : "failed", 5));
        return this;
    }

    public FeatbEvidence NotOffered(int step, string why) => Host(step, false, (HostStep.NotOfferedKey, why));

    public ProbeEvidence Build()
    {
        // Hyper-V evidence passes the platform gate only with the guest's own hypervisor line: a real Hyper-V guest's boot log.
        if (backend == BackendKind.HyperV && commands.All(c => c.Step != HvCert.Features.Common.Platform.Step))
        {
            Out(HvCert.Features.Common.Platform.Step, HyperVPlatform.Linux);
        }

        return new(backend, OsFamily.Linux, generation, offered, settings, parameters, commands, actions);
    }

    public Verdict Judge() => HvCert.Features.ProbeRegistry.Find(featureId, OsFamily.Linux)!.Judge(Build());
}
