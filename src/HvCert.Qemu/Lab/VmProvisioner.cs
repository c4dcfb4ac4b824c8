using HvCert.Hosts;
using HvCert.Qemu.Facets;
using HvCert.Qemu.Qmp;
using Microsoft.Extensions.Logging;

namespace HvCert.Qemu.Lab;

/// <summary>Turns a <see cref="VmSpec"/> into a running lab VM: disks, keys, firmware copy, QEMU, QMP.</summary>
internal sealed class VmProvisioner(QemuLab lab, ILogger logger)
{
    public static readonly TimeSpan QmpTimeout = TimeSpan.FromSeconds(30);

    public async Task<QemuVm> ProvisionAsync(VmSpec spec, string baseImage, CancellationToken cancellationToken)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(spec.Name, "^[A-Za-z0-9_-]{1,40}$"))
        {
            throw new ArgumentException($"VM name '{spec.Name}' must match [A-Za-z0-9_-]{{1,40}} (it becomes a QEMU -name and a folder name)");
        }

        var files = lab.NewVmFiles(spec.Name);
        Network.PeerNetwork? network = null;
        try
        {
            await HostCommand.RunCheckedAsync(QemuBackendDefaults.QemuImg, ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", baseImage, files.Overlay], cancellationToken);
            await HostCommand.RunCheckedAsync(QemuBackendDefaults.QemuImg, ["create", "-q", "-f", "qcow2", files.DataDisk, QemuBackendDefaults.DataDiskBytes.ToString()], cancellationToken);
            if (LaunchOptions.BootsUefi(spec))
            {
                var vars = spec.SecureBoot && !spec.Has(VmFault.SecureBootOff) ? FirmwareFiles.Debian.VarsMicrosoftKeys : FirmwareFiles.Debian.VarsEmpty;
                // qcow2, not raw: savevm needs every writable drive to support snapshots.
                await HostCommand.RunCheckedAsync(QemuBackendDefaults.QemuImg, ["convert", "-q", "-f", "raw", "-O", "qcow2", vars, files.OvmfVars], cancellationToken);
            }

            await SshKeys.GenerateAsync(files.HostKey, $"hvcert-{spec.RunId}-{spec.Name}", cancellationToken);
            string? tap = null;
            if (lab.PeerNetworks)
            {
                network = await lab.NewPeerNetworkAsync(cancellationToken);
                tap = await network.CreateTapAsync(multiQueue: !spec.Has(VmFault.SingleQueueNic), cancellationToken);
            }

            var options = new LaunchOptions(spec, files, baseImage, lab.ClientKeyPath + ".pub", QemuLab.FreePort(), lab.MacFor(spec.Name, 0),
                lab.WwnFor(spec.Name), FirmwareFiles.Debian, tap, PeerMac: lab.MacFor(spec.Name, 1), Accelerator: lab.Accelerator);
            var (process, qmp) = await StartAsync(options, cancellationToken);
            if (tap is not null)
            {
                await network!.AttachAsync(tap, cancellationToken);
            }

            var vm = new QemuVm(lab, options, process, qmp, logger, network);
            vm.AttachFacets(QemuFacets.For(vm));
            return vm;
        }
        catch
        {
            network?.Dispose();
            DeleteQuietly(files.Dir);
            throw;
        }
    }

    /// <summary>Starts QEMU for <paramref name="options"/> and connects QMP; kills it again if QMP never answers.</summary>
    public async Task<(QemuProcess Process, QmpClient Qmp)> StartAsync(LaunchOptions options, CancellationToken cancellationToken)
    {
        var process = QemuProcess.Start(QemuCommandLine.Build(options), options.Files.QemuLog, lab.Resources);
        try
        {
            var connecting = QmpClient.ConnectAsync(options.Files.QmpSocket, QmpTimeout, cancellationToken, QemuBackend.FailureContext(options.Files), lab.Time);
            if (await Task.WhenAny(connecting, process.Exited) != connecting)
            {
                throw new InfrastructureException($"QEMU for {options.QemuName} exited at start: {process.LogText().Trim()}");
            }

            return (process, await connecting);
        }
        catch (Exception e) when (e is not InfrastructureException)
        {
            process.Dispose();
            throw new InfrastructureException($"QEMU for {options.QemuName} did not answer on QMP: {e.Message}. {process.LogText().Trim()}", e);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing made yet.
        }
    }
}
