using System.Globalization;
using HvCert.Catalog;
using HvCert.Features;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Reporting;
using HvCert.Running;
using HvCert.Suites;
using HvCert.Tests.HyperV.Twin.Guests;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// One `hvcert run` over a twin lab, the way the CLI does it: suite + matrix files → plan (capabilities from the inventory) →
/// the real RunSession, the real HyperVBackend on the twin host (CIM) and the scripted guests (guest transport), on the
/// twin's virtual clock. The lab: one host per matrix column reporting that release's build (hv1, hv3 …), second host hv2 (migration), a virtual SAN, an IOV
/// switch, VLAN peer addresses and a DDA pool; templates for debian-12 and FreeBSD 13/14, both generations.
/// </summary>
internal sealed partial class TwinRun : IDisposable
{
    public const string Matrix = """
        name: twin-e2e
        description: Linux (Debian 12) and FreeBSD 13/14 on the Hyper-V twin.
        backend: hyperv
        hosts: ["{HOST}"]
        generations:
          - generation: 1
          - generation: 2
            secure_boot: true
        targets:
          - id: debian-12
            distro: debian
            release: "12"
            os: linux
            images: { gen1: 'D:\templates\debian-12-gen1.vhdx', gen2: 'D:\templates\debian-12-gen2.vhdx' }
          - id: freebsd-13
            distro: freebsd
            release: "13.5"
            os: freebsd
            secure_boot: false
            images: { gen1: 'D:\templates\freebsd-13-gen1.vhdx', gen2: 'D:\templates\freebsd-13-gen2.vhdx' }
          - id: freebsd-14
            distro: freebsd
            release: "14.3"
            os: freebsd
            secure_boot: false
            images: { gen1: 'D:\templates\freebsd-14-gen1.vhdx', gen2: 'D:\templates\freebsd-14-gen2.vhdx' }
        """;

    private static readonly string[] Templates = ["debian-12", "freebsd-13", "freebsd-14"];

    private readonly string root = Directory.CreateTempSubdirectory("hvcert-twin-run").FullName;
    private readonly string? keep = Environment.GetEnvironmentVariable("HVCERT_TWIN_RUN_DIR");

    /// <param name="storageIsShare">storage.host_path is the share folder itself (a POSIX path), as on a test host whose files
    /// arrive over SFTP; otherwise D:\hvcert, written through the share.</param>
    public TwinRun(string hostColumn, TwinOptions? options = null, bool storageIsShare = false)
        : this([hostColumn], options, storageIsShare)
    {
    }

    /// <summary>
    /// One twin host per matrix column, each reporting that release's build: hv1 the first column (with <paramref name="options"/>),
    /// hv3, hv4 … the next ones; hv2 is the live-migration destination, as new as the newest column (a VM moves to the same
    /// release or a newer one). With one column hv1 declares no version (the release it reports is checked at run time); with
    /// several each declares its own.
    /// </summary>
    /// <param name="storageIsShare">As for the one-column constructor.</param>
    public TwinRun(IReadOnlyList<string> hostColumns, TwinOptions? options = null, bool storageIsShare = false)
    {
        HostColumns = hostColumns;
        Options = options ?? new TwinOptions();
        Options.Build = BuildOf(hostColumns[0]);
        ColumnHostNames = hostColumns.Select((_, i) => i == 0 ? "hv1" : $"hv{i + 2}").ToList();
        Lab = new TwinLab();
        Share = Path.Combine(root, "share");
        Directory.CreateDirectory(Share);
        StoragePath = storageIsShare ? Share : TwinBackend.StoragePath;
        var newest = hostColumns.Max(BuildOf);
        foreach (var name in ColumnHostNames.Append("hv2"))
        {
            var host = Lab.AddHost(name, name == "hv1" ? Options
                : new TwinOptions { Build = name == "hv2" ? newest! : BuildOf(hostColumns[ColumnHostNames.ToList().IndexOf(name)]) });
            host.AddSwitch("hvcert-external");
            host.AddSwitch("hvcert-sriov", iov: true);
            host.AddSan("hvcert-san");
            foreach (var t in Templates)
            {
                host.AddFile($@"D:\templates\{t}-gen1.vhdx");
                host.AddFile($@"D:\templates\{t}-gen2.vhdx");
            }

            host.AddShare(StoragePath, Share);
            host.AddPciDevice(TwinBackend.DdaLocation, TwinBackend.DdaInstance);
        }

        Guests = new TwinGuests(Lab);
    }

    public string HostColumn => HostColumns[0];

    public IReadOnlyList<string> HostColumns { get; }

    /// <summary>The twin host of each column, in the order of <see cref="HostColumns"/>.</summary>
    public IReadOnlyList<string> ColumnHostNames { get; }

    /// <summary>The build a twin host of a column reports (Win32_OperatingSystem.BuildNumber); Microsoft's release table.</summary>
    public static string BuildOf(string column) => column switch { "2016" => "14393", "2019" => "17763", "2022" => "20348", _ => "26100" };

    public TwinOptions Options { get; }

    public TwinLab Lab { get; }

    public string Share { get; }

    public TwinGuests Guests { get; }

    /// <summary>storage.host_path of both hosts.</summary>
    public string StoragePath { get; }

    /// <summary>How the backend reaches an inventory host; by default straight into the twin (the SSH twin run puts sshd + pwsh between).</summary>
    public Func<HyperVHost, HvCert.HyperV.Cim.ICimGateway>? Connect { get; set; }

    /// <summary>Changes to <see cref="Inventory"/> before the run (e.g. protocol: ssh for both hosts).</summary>
    public Func<HyperVInventory, HyperVInventory>? EditInventory { get; set; }

    public HyperVInventory Inventory => HyperVInventory.Default with
    {
        SourceFile = "twin-inventory.yaml",
        Host = ColumnHost(0),
        OtherHosts = HostColumns.Skip(1).Select((_, i) => ColumnHost(i + 1)).ToList(),
        SecondHost = new HyperVHost("hv2", "hv2", "wsman", HostCredentials.CurrentUser, new HostStorage(StoragePath, Share), null),
        Switch = "hvcert-external",
        San = "hvcert-san",
        SrIovSwitch = "hvcert-sriov",
        Vlan = new VlanPeer("198.51.100.1", "198.51.100.10", 24, "access", null),
        DdaPool = [TwinBackend.DdaLocation],
    };

    private HyperVHost ColumnHost(int index) =>
        new(ColumnHostNames[index], ColumnHostNames[index], "wsman", HostCredentials.CurrentUser, new HostStorage(StoragePath, Share),
            HostColumns.Count == 1 ? null : HostVersionNames.TryParse(HostColumns[index], out var v) ? v : null);

    /// <summary>Plans suite × matrix (optionally only some features) and runs it to the end; returns the folded results.</summary>
    public async Task<RunResults> RunAsync(string suite = "full", IReadOnlyCollection<string>? only = null)
    {
        var suiteFile = Path.Combine(RepoPaths.Root, "suites", suite + ".yaml");
        var matrixFile = Path.Combine(root, "twin-matrix.yaml");
        File.WriteAllText(matrixFile, Matrix.Replace("{HOST}", string.Join("\", \"", HostColumns), StringComparison.Ordinal));
        var inventory = EditInventory?.Invoke(Inventory) ?? Inventory;
        var plan = Planner.Build(SuiteLoader.Load(suiteFile), MatrixLoader.Load(matrixFile), FeatureCatalog.All, HyperVCapabilities.From(inventory));
        if (only is not null)
        {
            plan = plan with { Groups = plan.Groups.Select(g => g with
            {
                Shared = g.Shared.Where(c => only.Contains(c.Key.FeatureId)).ToList(),
                Isolated = g.Isolated.Where(c => only.Contains(c.Key.FeatureId)).ToList(),
            }).Where(g => g.Shared.Count + g.Isolated.Count > 0).ToList(), Preset = plan.Preset.Where(c => only.Contains(c.Key.FeatureId)).ToList() };
        }

        await using var backend = HyperVBackendFactory.CreateWith(inventory, Connect ?? Lab.Connect, Connector ?? Guests.Connector, Lab.Clock);
        var env = new RunEnvironment(backend, ProbeRegistry.Catalog, _ => new StatusLog(Statuses), Lab.Clock, 1, TimeSpan.FromMinutes(5));
        var output = keep ?? Path.Combine(root, "runs");
        var outcome = await RunSession.StartAsync(plan, null, null, suiteFile, matrixFile, output, env, default);
        RunDirectory = outcome.Directory.Path;
        return RunResultsLoader.Load(RunDirectory).Results;
    }

    public string RunDirectory { get; private set; } = "";

    /// <summary>What the runner reported as it went ("destroying", "could not destroy …"), per VM key: the CLI's progress lines.</summary>
    public List<string> Statuses { get; } = [];

    /// <summary>Replaces the scripted guests' transport (e.g. a guest whose SSH never accepts the seed's key).</summary>
    public GuestConnector? Connector { get; init; }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
