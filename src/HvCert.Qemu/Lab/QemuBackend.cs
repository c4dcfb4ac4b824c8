using System.Collections.Concurrent;
using HvCert.Hosts;
using HvCert.Qemu.Accel;
using HvCert.Qemu.Qmp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HvCert.Qemu.Lab;

/// <summary>Finds the base disk of a lab image (e.g. <c>debian-bookworm</c>), building it when needed.</summary>
internal delegate Task<string> LabImageResolver(string imageName, CancellationToken cancellationToken);

/// <summary>
/// The QEMU lab: real QEMU under TCG, one qcow2 overlay per VM on a cached Debian image, SSH with per-run keys and
/// pinned per-VM host keys handed in through fw_cfg, everything tagged and cleaned up by run id.
/// </summary>
internal sealed class QemuBackend : IHostBackend
{
    private readonly HostDetection host;
    private readonly LabImageResolver resolveImage;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string runRoot;
    private readonly ConcurrentDictionary<string, Lazy<Task<QemuLab>>> labs = new();

    public QemuBackend(HostDetection host, LabImageResolver resolveImage, TimeProvider? time = null, ILogger? logger = null, string runRoot = QemuBackendDefaults.RunRoot,
        AcceleratorChoice? accelerator = null)
    {
        this.host = host;
        Accelerator = accelerator ?? AcceleratorChoice.DefaultTcg;
        this.resolveImage = resolveImage;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.runRoot = runRoot;
        Capabilities = QemuCapabilities.From(host);
    }

    /// <summary>TCG or KVM for every VM of this backend, chosen once (see <see cref="AcceleratorSelector"/>).</summary>
    public AcceleratorChoice Accelerator { get; }

    public BackendKind Kind => BackendKind.Qemu;

    public BackendCapabilities Capabilities { get; }

    /// <summary>Detects the host and chooses the accelerator (<paramref name="accelerator"/>: the --accel value), with a cached lab image for the KVM test boot's kernel stage.</summary>
    public static async Task<QemuBackend> CreateAsync(LabImageResolver resolveImage, CancellationToken cancellationToken, ILogger? logger = null,
        AcceleratorRequest accelerator = AcceleratorRequest.Auto)
    {
        var host = await HostDetection.DetectAsync(cancellationToken);
        var testImage = host.KvmPresent && accelerator == AcceleratorRequest.Auto
            ? Images.LabImageStore.CreateDefault().List().Where(i => i.Current).Select(i => i.Image.DiskPath).FirstOrDefault()
            : null;
        var choice = await ThisHost.ChooseAcceleratorAsync(accelerator, host, testImage, cancellationToken);
        return new(host, resolveImage, null, logger, accelerator: choice);
    }

    public Task<HostFacts> DescribeHostAsync(CancellationToken cancellationToken)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var extra = new Dictionary<string, string>
        {
            ["accelerator"] = Accelerator.Name,
            ["accelerator_reason"] = Accelerator.Reason,
            ["accelerator_source"] = Accelerator.Source,
            ["accelerator_decision_seconds"] = Accelerator.CostSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            ["kvm_device"] = host.KvmPresent ? "present" : "absent",
            ["root"] = host.Root.ToString().ToLowerInvariant(),
            ["ovmf"] = host.OvmfPresent ? FirmwareFiles.Debian.Code : "absent",
            ["cores"] = Environment.ProcessorCount.ToString(),
        };
        return Task.FromResult(new HostFacts(BackendKind.Qemu, host.QemuVersion ?? "absent", $"qemu-system-x86_64 {host.QemuVersion}", cpu, extra));
    }

    public async Task<IVm> ProvisionAsync(VmSpec spec, CancellationToken cancellationToken)
    {
        if (!host.QemuPresent || !host.QemuImgPresent)
        {
            throw new InfrastructureException("QEMU is not installed (qemu-system-x86_64, qemu-img); run 'hvcert lab install-deps'");
        }

        if (LaunchOptions.BootsUefi(spec) && !host.OvmfPresent)
        {
            throw new InfrastructureException($"Gen2 VMs need OVMF ({FirmwareFiles.Debian.Code}); run 'hvcert lab install-deps'");
        }

        var lab = await labs.GetOrAdd(spec.RunId, id => new Lazy<Task<QemuLab>>(() => OpenLabAsync(id, cancellationToken))).Value;
        var baseImage = Path.GetFullPath(await resolveImage(spec.Image, cancellationToken));
        var provisioner = new VmProvisioner(lab, logger);
        return await provisioner.ProvisionAsync(spec, baseImage, cancellationToken);
    }

    /// <summary>
    /// With this process's own run id (the runner calls it when the run ends) the run's lab is released first;
    /// then whatever dead runs left under the run root is removed. Live runs of other processes are never touched.
    /// </summary>
    public async Task<int> ReapAsync(string? runId, CancellationToken cancellationToken)
    {
        var removed = 0;
        if (runId is not null && labs.TryRemove(runId, out var own) && own.IsValueCreated)
        {
            (await own.Value).Dispose();
            removed++;
        }

        return removed + new QemuReaper(runRoot).Reap(runId, labs.Keys.ToHashSet()).Removed;
    }

    /// <summary>The backend the CLI uses: detected host, images from the per-user cache (built on first use).</summary>
    public static async Task<QemuBackend> CreateDefaultAsync(CancellationToken cancellationToken, ILogger? logger = null,
        AcceleratorRequest accelerator = AcceleratorRequest.Auto)
    {
        var store = Images.LabImageStore.CreateDefault();
        return await CreateAsync(async (name, ct) => (await store.EnsureAsync(Images.LabRelease.Parse(name), null, ct)).DiskPath, cancellationToken, logger, accelerator);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lab in labs.Values.Where(l => l.IsValueCreated))
        {
            try
            {
                (await lab.Value).Dispose();
            }
            catch (InfrastructureException)
            {
                // A lab that failed to open holds nothing.
            }
        }
    }

    private async Task<QemuLab> OpenLabAsync(string runId, CancellationToken cancellationToken)
    {
        var lab = new QemuLab(runId, runRoot, time, host) { Accelerator = Accelerator.Kind };
        await lab.EnsureClientKeyAsync(cancellationToken);
        return lab;
    }

    internal static Func<string> FailureContext(VmFiles files) => () =>
    {
        var qemu = File.Exists(files.QemuLog) ? File.ReadAllText(files.QemuLog).Trim() : "";
        var serial = File.Exists(files.SerialLog) ? File.ReadAllText(files.SerialLog) : "";
        return (qemu.Length > 0 ? $"qemu: {qemu}\n" : "") + serial[Math.Max(0, serial.Length - 2000)..];
    };
}
