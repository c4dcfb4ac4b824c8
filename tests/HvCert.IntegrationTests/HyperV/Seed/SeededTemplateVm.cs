using System.Diagnostics;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.Qemu.Lab;
using HvCert.Tests.HyperV;
using HvCert.Transport;
using HvCert.Transport.Ssh;

namespace HvCert.IntegrationTests.HyperV.Seed;

/// <summary>
/// The Hyper-V backend's guest path against a real guest: the real <see cref="HyperVBackend"/> provisions a VM on the
/// Hyper-V fake (CIM), which makes it write the VM's NoCloud seed ISO (NoCloudSeed + Iso9660Writer, same inputs as for a
/// Hyper-V VM) into the storage share and keep the client key and the pinned host key. QEMU then boots the Hyper-V template
/// VHDX (first disk on virtio-scsi) with that ISO as its DVD (IDE on Gen1, SCSI on Gen2, as Hyper-V attaches it), and the
/// backend's own UntilSshAcceptsAsync logs in: only the address is redirected to QEMU's forwarded port (the fake's KVP says
/// 192.0.2.15; QEMU has no KVP).
/// </summary>
internal sealed class SeededTemplateVm : IAsyncDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-seedtest-").FullName;
    private readonly int port = QemuLab.FreePort();
    private Process? qemu;
    private IHostBackend? backend;

    public SeededTemplateVm(Generation generation, bool secureBoot)
    {
        (Generation, SecureBoot) = (generation, secureBoot);
        Spec = new VmSpec($"seed{Guid.NewGuid():N}"[..12], $"seedvm-g{(int)generation}", "debian-12", generation, secureBoot, Cpus: 2, MemoryMb: 1024,
            Faults: new HashSet<VmFault>());
    }

    public Generation Generation { get; }

    public bool SecureBoot { get; }

    public VmSpec Spec { get; }

    public IVm Vm { get; private set; } = null!;

    public string Share => Path.Combine(dir, "share");

    /// <summary>The seed ISO the backend wrote for this VM (the file a Hyper-V host would attach).</summary>
    public string SeedIso => Path.Combine(Share, $"{Spec.Name}-{Spec.RunId}-seed.iso");

    public string SerialLog => Path.Combine(dir, "serial.log");

    /// <summary>The endpoint the backend asked for (its user, key file and pinned fingerprint), before the port redirect.</summary>
    public SshEndpoint? Asked { get; private set; }

    /// <summary>How long SSH gets once <see cref="BeforeConnect"/> has returned.</summary>
    public static readonly TimeSpan AfterBootDeadline = TimeSpan.FromSeconds(60);

    /// <summary>A second DVD beside the seed (the negative's other broken seed), or null.</summary>
    public string? ExtraIso { get; init; }

    /// <summary>When set, runs before the backend's SSH attempt (e.g. wait until the guest finished booting).</summary>
    public Func<CancellationToken, Task>? BeforeConnect { get; init; }

    /// <summary>Provisions through the real backend on the fake host: writes the seed ISO and the key file.</summary>
    public async Task ProvisionAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Share);
        var inventory = HyperVInventory.Default with
        {
            Host = HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", Share) },
            Switch = "hvcert-external",
            Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>>
            {
                ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen1] = @"D:\templates\debian-12.vhdx", [Generation.Gen2] = @"D:\templates\debian-12.vhdx" },
            },
        };
        backend = HyperVBackendFactory.CreateWith(inventory, _ => Generation == Generation.Gen1 ? FakeHyperVHost.CreateGen1() : FakeHyperVHost.Create(), ConnectAsync, TimeProvider.System);
        Vm = await backend.ProvisionAsync(Spec, ct);
    }

    private async Task<IGuestTransport> ConnectAsync(SshEndpoint endpoint, TimeSpan deadline, CancellationToken ct)
    {
        Asked = endpoint;
        if (BeforeConnect is not null)
        {
            // The guest has finished booting: sshd had its chance, so a short deadline is enough to see it refuse.
            await BeforeConnect(ct);
            deadline = AfterBootDeadline;
        }

        return await SshGuestTransport.UntilSshAcceptsAsync(endpoint with { Host = "127.0.0.1", Port = port }, deadline, ct);
    }

    /// <summary>Boots the template (a throwaway qcow2 overlay on the VHDX) with the seed ISO as its DVD.</summary>
    public async Task BootAsync(string templateVhdx, CancellationToken ct)
    {
        var overlay = Path.Combine(dir, "overlay.qcow2");
        await RunAsync("qemu-img", ["create", "-q", "-f", "qcow2", "-F", "vhdx", "-b", templateVhdx, overlay], ct);
        var args = new List<string>
        {
            "-name", $"hvcert-{Spec.RunId}-{Spec.Name}", "-nodefaults", "-no-user-config", "-display", "none",
            "-accel", "tcg,thread=single", "-smp", "2", "-m", "1024", "-serial", $"file:{SerialLog}",
            "-device", "virtio-scsi-pci,id=scsi0",
            "-drive", $"file={overlay},if=none,id=root0,format=qcow2",
            "-device", "scsi-hd,bus=scsi0.0,drive=root0,bootindex=0",
            "-drive", $"file={SeedIso},if=none,id=seed0,media=cdrom,readonly=on,format=raw",
            "-netdev", $"user,id=net0,hostfwd=tcp:127.0.0.1:{port}-:22", "-device", "virtio-net-pci,netdev=net0",
            "-device", "bochs-display",
        };
        if (ExtraIso is not null)
        {
            args.AddRange(["-drive", $"file={ExtraIso},if=none,id=extra0,media=cdrom,readonly=on,format=raw"]);
        }

        if (Generation == Generation.Gen2)
        {
            var vars = Path.Combine(dir, "OVMF_VARS.fd");
            File.Copy(SecureBoot ? FirmwareFiles.Debian.VarsMicrosoftKeys : FirmwareFiles.Debian.VarsEmpty, vars);
            args.AddRange(["-machine", "q35,smm=on", "-global", "driver=cfi.pflash01,property=secure,value=on",
                "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={FirmwareFiles.Debian.Code}",
                "-drive", $"if=pflash,format=raw,unit=1,file={vars}",
                "-device", "scsi-cd,bus=scsi0.0,drive=seed0"]);
            if (ExtraIso is not null)
            {
                args.AddRange(["-device", "scsi-cd,bus=scsi0.0,drive=extra0"]);
            }
        }
        else
        {
            args.AddRange(["-machine", "pc", "-device", "ide-cd,drive=seed0,bus=ide.1"]);
            if (ExtraIso is not null)
            {
                args.AddRange(["-device", "ide-cd,drive=extra0,bus=ide.0"]);
            }
        }

        var psi = new ProcessStartInfo("qemu-system-x86_64") { RedirectStandardError = true, RedirectStandardOutput = true };
        args.ForEach(psi.ArgumentList.Add);
        qemu = Process.Start(psi)!;
    }

    /// <summary>Waits until the guest's serial console shows <paramref name="text"/> (or the deadline passes).</summary>
    public async Task<bool> SerialShowsAsync(string text, TimeSpan deadline, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < deadline)
        {
            if (SerialText().Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (qemu is { HasExited: true })
            {
                return false;
            }

            await Task.Delay(1000, ct);
        }

        return false;
    }

    public string SerialText() => File.Exists(SerialLog) ? File.ReadAllText(SerialLog) : "";

    public string SerialTail(int chars = 3000) => SerialText() is var s && s.Length > chars ? s[^chars..] : SerialText();

    public async ValueTask DisposeAsync()
    {
        if (qemu is { HasExited: false })
        {
            qemu.Kill(entireProcessTree: true);
            await qemu.WaitForExitAsync();
        }

        qemu?.Dispose();
        if (Vm is not null)
        {
            await Vm.DisposeAsync(); // the backend's teardown on the fake host: deletes the seed ISO and the key file
        }

        if (backend is not null)
        {
            await backend.DisposeAsync();
        }

        Directory.Delete(dir, recursive: true);
    }

    private static async Task RunAsync(string file, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await err}");
        }
    }
}
