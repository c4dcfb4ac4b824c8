using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Qemu.Lab;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Cli.Commands;

/// <summary>
/// `hvcert run` on a fresh machine: the host is faked at the <see cref="RunHost"/> seam, but the capabilities come from the
/// lab's real decision (<see cref="QemuCapabilities.From"/>) over what a host without and with the lab packages looks like.
/// </summary>
public sealed class RunPreparationTests
{
    private static readonly HostDetection Fresh = new(null, false, true, true, true, false, false, false, false, new HashSet<string>(), true);

    private static readonly HostDetection Installed = Fresh with
    {
        QemuVersion = "7.2.22",
        QemuImgPresent = true,
        OvmfPresent = true,
        QemuDevices = new HashSet<string> { "scsi-hd", "virtio-balloon-pci", "virtio-mem-pci", "virtio-tablet-pci", "bochs-display", "virtserialport" },
    };

    private readonly List<string> calls = [];
    private readonly StringWriter stderr = new();
    private HostDetection machine = Fresh;
    private Plan? imagesFor;

    private static Plan PlanFullDebian12(Func<BackendKind, BackendCapabilities> capabilities) =>
        PlanCommand.Make(CliRunner.Repo("suites/full.yaml"), CliRunner.Repo("matrices/lab-debian12.yaml"), null, null, capabilities);

    private RunHost FakeHost(bool installWorks = true, int? installExit = null) => new(
        (plan, _) =>
        {
            calls.Add("install");
            machine = installWorks ? Installed : machine;
            return Task.FromResult(installExit);
        },
        kind =>
        {
            calls.Add("detect");
            return QemuCapabilities.From(machine);
        },
        (plan, _) =>
        {
            calls.Add("images");
            imagesFor = plan;
            return Task.FromResult<int?>(null);
        });

    private Task<(PreparedRun? Run, int? Stop)> Prepare(RunHost host) =>
        RunPreparation.PrepareAsync(PlanFullDebian12(BackendCapabilities.Everything), PlanFullDebian12, host, stderr, new FakeTimeProvider(), CancellationToken.None);

    private static int NotInstalledCells(Plan plan) =>
        plan.Preset.Count(c => c.Preset?.Kind == VerdictKind.NotOffered && c.Preset.Reason.Contains("qemu-system-x86_64 is not installed", StringComparison.Ordinal));

    [Fact]
    public async Task Prepare_FreshMachine_InstallsThenDetectsSoThePlanRunsWhatTheInstalledLabOffers()
    {
        var before = PlanFullDebian12(_ => QemuCapabilities.From(Fresh));   // what planning before the install gave (issue #12)

        var (run, stop) = await Prepare(FakeHost());

        Assert.Null(stop);
        Assert.Equal(["install", "detect", "images"], calls);
        Assert.True(before.Preset.Count(c => c.Preset?.Kind == VerdictKind.NotOffered) > 60 && NotInstalledCells(before) > 50,
            $"a host without QEMU offers almost nothing ({NotInstalledCells(before)} cells for want of QEMU)");
        Assert.Equal(0, NotInstalledCells(run!.Plan));
        var runnableBefore = before.Groups.Sum(g => g.Shared.Count + g.Isolated.Count);
        var runnableAfter = run.Plan.Groups.Sum(g => g.Shared.Count + g.Isolated.Count);
        Assert.True(runnableAfter >= 50 && runnableAfter > runnableBefore + 45, $"{runnableBefore} runnable cells before, {runnableAfter} after");
        Assert.Same(run.Plan, imagesFor);
        Assert.Equal(["debian-12/gen1/qemu", "debian-12/gen2/qemu"], run.Plan.Groups.Select(g => g.Key));
        Assert.Equal(70, run.Plan.AllCells.Count());
    }

    [Fact]
    public async Task Prepare_InstallFails_StopsWithItsExitBeforeDetectingOrBuilding()
    {
        var (run, stop) = await Prepare(FakeHost(installExit: ExitCodes.InfrastructureError));

        Assert.Null(run);
        Assert.Equal(ExitCodes.InfrastructureError, stop);
        Assert.Equal(["install"], calls);
    }

    [Fact]
    public async Task Prepare_NoCellCanExecute_Exits3WithGroupedReasonsAndWhatToDo()
    {
        // The smoke suite on a fresh host that the install did not fix: every smoke feature needs QEMU, except
        // multiprocessing (no facet), which is left out here; UEFI and Secure Boot are Not applicable on Gen1.
        var suite = Path.Combine(Path.GetTempPath(), $"hvcert-prep-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(suite, "name: needs-qemu\ntimeout: 60s\nfeatures:\n  - core.heartbeat\n  - misc.file-copy\n  - gen2.uefi\n  - gen2.secure-boot\n");
        try
        {
            Plan Make(Func<BackendKind, BackendCapabilities> capabilities) =>
                PlanCommand.Make(suite, CliRunner.Repo("matrices/lab-debian12.yaml"), null, null, capabilities);

            var (run, stop) = await RunPreparation.PrepareAsync(Make(BackendCapabilities.Everything), Make, FakeHost(installWorks: false),
                stderr, new FakeTimeProvider(), CancellationToken.None);

            Assert.Null(run);
            Assert.Equal(ExitCodes.InfrastructureError, stop);
            Assert.Equal(["install", "detect"], calls);
            var text = stderr.ToString();
            Assert.Contains("no cell of this run can execute on this host: 6 of 8 cells are Not offered", text);
            Assert.Contains("  6 cells (4 features: core.heartbeat, misc.file-copy, gen2.uefi, gen2.secure-boot): qemu-system-x86_64 is not installed", text);
            Assert.Contains("'sudo hvcert lab install-deps'", text);
        }
        finally
        {
            File.Delete(suite);
        }
    }
}
