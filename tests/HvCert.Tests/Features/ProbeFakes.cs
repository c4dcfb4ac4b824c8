using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Transport;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Features;

/// <summary>A guest that answers each command with the first scripted reply whose key occurs in the command.</summary>
internal sealed class FakeGuest(params (string Contains, CommandResult Reply)[] script) : IGuestTransport
{
    public List<string> Commands { get; } = [];

    public Func<string, CommandResult?>? Dynamic { get; set; }

    public Task<CommandResult> ExecAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        var reply = Dynamic?.Invoke(command) ?? script.FirstOrDefault(s => command.Contains(s.Contains, StringComparison.Ordinal)).Reply;
        return Task.FromResult(reply is null ? new CommandResult(command, 127, "", "sh: 1: unknown: not found", TimeSpan.FromMilliseconds(1)) : reply with { Command = command });
    }

    public Task UploadAsync(Stream content, string guestPath, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<byte[]> DownloadAsync(string guestPath, CancellationToken cancellationToken) => Task.FromResult(Array.Empty<byte>());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static CommandResult Ok(string stdout) => new("", 0, stdout, "", TimeSpan.FromMilliseconds(5));

    public static CommandResult Exit(int code, string stdout = "", string stderr = "") => new("", code, stdout, stderr, TimeSpan.FromMilliseconds(5));
}

/// <summary>A VM with chosen facets, offered devices and serial log.</summary>
internal sealed class FakeVm(VmSpec spec, IReadOnlyList<OfferedDevice> offered, params object[] facets) : IVm
{
    public string Name => spec.Name;

    public VmSpec Spec => spec;

    public IReadOnlyList<OfferedDevice> OfferedDevices => offered;

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string Serial { get; set; } = "";

    public Task<IGuestTransport> UntilSshAcceptsAsync(TimeSpan deadline, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the fake VM has no SSH");

    public T? Facet<T>() where T : class => facets.OfType<T>().FirstOrDefault();

    public string SerialLog() => Serial;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static VmSpec DefaultSpec(int cpus = 2, IReadOnlySet<VmFault>? faults = null) =>
        new("run1", "vm1", "debian-bookworm", Generation.Gen1, false, Cpus: cpus, Faults: faults);
}

/// <summary>Runs a probe against fakes and returns the evidence a real run would have recorded.</summary>
internal static class ProbeHarness
{
    public static async Task<ProbeEvidence> RunAsync(IProbe probe, IVm vm, IGuestTransport guest, BackendKind backend,
        IReadOnlyDictionary<string, string>? parameters = null, TimeProvider? time = null)
    {
        var events = new List<EvidenceEvent>();
        var cell = new CellKey("debian-12", Generation.Gen1, "qemu", probe.FeatureId);
        var caps = new BackendCapabilities(backend, new HashSet<Facet>(), new Dictionary<Facet, string> { [Facet.SrIov] = "QEMU 7.2 has no SR-IOV capable NIC" }, new HashSet<VmFault>());
        var context = new ProbeContext(cell, 1, vm, guest, parameters ?? new Dictionary<string, string>(), events.Add, time ?? new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000)), capabilities: caps);
        await probe.RunAsync(context, CancellationToken.None);
        return new ProbeEvidence(backend, OsFamily.Linux, Generation.Gen1, vm.OfferedDevices, vm.Settings,
            parameters ?? new Dictionary<string, string>(), events.OfType<CommandRan>().ToList(), events.OfType<HostActionDone>().ToList());
    }
}

/// <summary>Builds evidence by hand for pure judge tests.</summary>
internal sealed class EvidenceBuilder(BackendKind backend, IReadOnlyList<OfferedDevice> offered)
{
    private static readonly CellKey Cell = new("t", Generation.Gen1, "h", "f");
    private readonly List<CommandRan> commands = [];
    private readonly List<HostActionDone> hosts = [];
    private readonly Dictionary<string, string> parameters = [];

    public EvidenceBuilder Cmd(int step, string stdout, int exit = 0, string stderr = "", bool timedOut = false)
    {
        commands.Add(new CommandRan(Cell, 1, step, $"step {step}", exit, stdout, stderr, 5, false, timedOut));
        return this;
    }

    public EvidenceBuilder Host(int step, bool ok, params (string Key, string Value)[] observations)
    {
        hosts.Add(new HostActionDone(Cell, 1, step, $"h{step}", ok, observations.ToDictionary(o => o.Key, o => o.Value), ok ? null : "failed", 1));
        return this;
    }

    public EvidenceBuilder Param(string key, string value)
    {
        parameters[key] = value;
        return this;
    }

    public ProbeEvidence Build()
    {
        // Hyper-V evidence passes the platform gate only with the guest's own hypervisor line: a real Hyper-V guest's boot log.
        if (backend == BackendKind.HyperV && commands.All(c => c.Step != HvCert.Features.Common.Platform.Step))
        {
            Cmd(HvCert.Features.Common.Platform.Step, HyperVPlatform.Linux);
        }

        return new(backend, OsFamily.Linux, Generation.Gen1, offered, new Dictionary<string, string>(), parameters, commands, hosts);
    }
}

/// <summary>Step 0 (the platform gate) as real Hyper-V guests print it: Linux on Windows Server 2022, FreeBSD 13.0 on Windows 10.</summary>
internal static class HyperVPlatform
{
    public static string Linux => Sample.Read("dmesg-hyperv/ws2022-two-line-form.txt");

    public static string FreeBsd => Sample.Read("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt");
}

/// <summary>Committed real outputs; the first line of each names its source and is not part of the output.</summary>
internal static class Sample
{
    public static string Read(string relative)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Samples, relative));
        var newline = text.IndexOf('\n');
        Assert.StartsWith("# source:", text);
        return text[(newline + 1)..];
    }
}
