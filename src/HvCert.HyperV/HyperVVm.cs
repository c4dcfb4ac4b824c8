using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Facets;
using HvCert.Transport;
using HvCert.Transport.Ssh;

namespace HvCert.HyperV;

/// <summary>Opens the guest transport once the guest's address is known (SSH with the pinned host key in production).</summary>
public delegate Task<IGuestTransport> GuestConnector(SshEndpoint endpoint, TimeSpan deadline, CancellationToken cancellationToken);

/// <summary>A VM on Hyper-V. Its address comes from the KVP intrinsic item NetworkAddressIPv4; disposing destroys it and its files.</summary>
internal sealed class HyperVVm(
    VmContext vm, VmSpec spec, IReadOnlyList<OfferedDevice> offered, IReadOnlyList<object> facets,
    string privateKeyPath, string hostKeySha256, string sshUser, GuestConnector connector) : IVm, IRevertibleVm
{
    private readonly Dictionary<string, CimRef> snapshots = new(StringComparer.Ordinal);
    private IGuestTransport? transport;

    public string Name => spec.Name;

    /// <summary>The host the VM was created on, as it reported itself (name, release, build).</summary>
    public HostPlacement? Placement { get; init; }

    public VmSpec Spec => spec;

    public IReadOnlyList<OfferedDevice> OfferedDevices => offered;

    public IReadOnlyDictionary<string, string> Settings => vm.Settings;

    internal VmContext Context => vm;

    public async Task<IGuestTransport> UntilSshAcceptsAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var time = vm.Session.Time;
        var started = time.GetTimestamp();
        var address = await UntilAddressAsync(deadline, cancellationToken);
        var remaining = deadline - time.GetElapsedTime(started);
        if (transport is not null)
        {
            await transport.DisposeAsync();
        }

        try
        {
            transport = await connector(new SshEndpoint(address, 22, sshUser, privateKeyPath, hostKeySha256), remaining, cancellationToken);
        }
        catch (Exception e) when (e is GuestUnreachableException or HostKeyMismatchException)
        {
            throw new InfrastructureException(SeedNotApplied(address, e), e);
        }

        return transport;
    }

    /// <summary>
    /// The guest booted and got an address (its KVP daemon runs), but never let hvcert in with the seed's key and pinned host
    /// key: the NoCloud seed was not applied. An infrastructure Error that names the seed, never a verdict about a feature.
    /// </summary>
    private string SeedNotApplied(string address, Exception e) =>
        $"VM {Name} reported {address} through KVP, but SSH never accepted hvcert's key as {sshUser} with the pinned host key {hostKeySha256}: "
        + $"cloud-init did not apply the NoCloud seed {vm.Settings.GetValueOrDefault("seed.iso", "(seed ISO)")} (volume label cidata, meta-data and user-data). "
        + $"Check the template with 'hvcert template check' (cloud-init enabled with NoCloud in datasource_list, no baked host keys) "
        + $"and the guest's /var/log/cloud-init.log. Last error: {e.Message}";

    /// <summary>Polls GuestIntrinsicExchangeItems until hv_kvp_daemon reports an IPv4 address (hyperv-wmi.md §5).</summary>
    public async Task<string> UntilAddressAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var time = vm.Session.Time;
        var until = time.GetUtcNow() + deadline;
        while (true)
        {
            var kvp = await vm.Session.QueryAsync(Wql.Where("Msvm_KvpExchangeComponent", "SystemName", vm.VmId), cancellationToken);
            if (kvp.Count > 0 && FirstIPv4(KeyValueFacet.Parse(kvp[0].Strings("GuestIntrinsicExchangeItems"))) is { } address)
            {
                vm.Settings["guest.ipv4"] = address;
                return address;
            }

            if (time.GetUtcNow() >= until)
            {
                throw new GuestUnreachableException(
                    $"VM {Name} reported no IPv4 address through KVP (NetworkAddressIPv4) within {deadline.TotalSeconds:0} s: "
                    + "did it boot, and does the template run hv_kvp_daemon and get a DHCP lease on the switch?");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
        }
    }

    /// <summary>A full checkpoint of the running VM (SnapshotType 2), kept until teardown.</summary>
    public Task SnapshotAsync(string name, CancellationToken cancellationToken) => Infrastructure("checkpoint " + name, async () =>
    {
        var service = await vm.Session.ServiceAsync("Msvm_VirtualSystemSnapshotService", cancellationToken);
        var result = await vm.Session.InvokeAsync(service, "CreateSnapshot", cancellationToken, TimeSpan.FromMinutes(10),
            new CimArgument("AffectedSystem", CimValue.Ref(vm.SystemRef)), new CimArgument("SnapshotType", CimValue.UInt16(2)));
        var snapshot = await vm.Session.FirstResultAsync(result, "ResultingSnapshot", "Msvm_VirtualSystemSettingData", cancellationToken)
            ?? throw new InfrastructureException("CreateSnapshot returned no ResultingSnapshot, neither as out parameter nor through its job");
        snapshots[name] = snapshot;
        vm.Snapshots.Add(snapshot);
    });

    /// <summary>Turn off, ApplySnapshot, start (the saved state resumes), then restart the time-sync IC so the clock catches up.</summary>
    public Task RevertAsync(string name, CancellationToken cancellationToken) => Infrastructure("revert to " + name, async () =>
    {
        var snapshot = snapshots.TryGetValue(name, out var s) ? s : throw new InfrastructureException($"no checkpoint named {name}");
        if (transport is not null)
        {
            await transport.DisposeAsync();
            transport = null;
        }

        await VmPower.RequestAsync(vm, VmPower.Off, cancellationToken);
        var service = await vm.Session.ServiceAsync("Msvm_VirtualSystemSnapshotService", cancellationToken);
        await vm.Session.InvokeAsync(service, "ApplySnapshot", cancellationToken, TimeSpan.FromMinutes(10), new CimArgument("Snapshot", CimValue.Ref(snapshot)));
        await VmPower.RequestAsync(vm, VmPower.Running, cancellationToken);
        await new TimeSyncFacet(vm).SyncNowAsync(cancellationToken);
    });

    public T? Facet<T>() where T : class => facets.OfType<T>().FirstOrDefault();

    public string SerialLog() =>
        "(the Hyper-V backend does not capture the serial console; see Hyper-V-Worker events on the host for boot failures)";

    public async ValueTask DisposeAsync()
    {
        if (transport is not null)
        {
            await transport.DisposeAsync();
            transport = null;
        }

        foreach (var owned in facets.OfType<IAsyncDisposable>())
        {
            await owned.DisposeAsync(); // the peer VM goes with its guest
        }

        await Teardown.RemoveAsync(vm, CancellationToken.None);
        try
        {
            File.Delete(privateKeyPath);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by reap; a locked key file is not worth failing teardown for.
        }
    }

    private static async Task Infrastructure(string what, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e) when (e is Jobs.HyperVException or CimGatewayException)
        {
            throw new InfrastructureException($"{what}: {e.Message}", e);
        }
    }

    private static string? FirstIPv4(IReadOnlyDictionary<string, string> items) =>
        items.TryGetValue("NetworkAddressIPv4", out var list)
            ? list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(a => System.Net.IPAddress.TryParse(a, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !a.StartsWith("169.254.", StringComparison.Ordinal))
            : null;
}

/// <summary>
/// Turn off, destroy checkpoints, take assigned DDA devices off the VM, DestroySystem, then delete the VM's own files
/// (differencing disk, data disk, seed ISO, staged copies). Devices go back to their host even when an earlier step fails:
/// a device left dismounted (and its dda_pool lease held) would make every later VM of the run read "assigned to other VMs".
/// </summary>
internal static class Teardown
{
    public static async Task RemoveAsync(VmContext vm, CancellationToken ct)
    {
        var removed = false;
        try
        {
            await VmPower.RequestAsync(vm, VmPower.Off, ct);
            var snapshotService = vm.Snapshots.Count > 0 ? await vm.Session.ServiceAsync("Msvm_VirtualSystemSnapshotService", ct) : null;
            foreach (var snapshot in vm.Snapshots)
            {
                // Destroying a checkpoint merges its .avhdx away, so no differencing file outlives the VM.
                await vm.Session.InvokeAsync(snapshotService!, "DestroySnapshot", ct, TimeSpan.FromMinutes(10), new CimArgument("AffectedSnapshot", CimValue.Ref(snapshot)));
            }

            vm.Snapshots.Clear();
            await RemoveAssignedDevicesAsync(vm, ct);
            await vm.Session.VsmsAsync("DestroySystem", ct, null, new CimArgument("AffectedSystem", CimValue.Ref(vm.SystemRef)));
            foreach (var file in vm.OwnedFiles)
            {
                await vm.Session.Files.DeleteAsync(file, ct);
            }

            removed = true;
        }
        finally
        {
            // After a failed step its error is the one to report; mounting back still runs and releases every lease.
            await MountBackAsync(vm, rethrow: removed, ct);
        }
    }

    /// <summary>
    /// Microsoft's order for giving a device back is Remove-VMAssignableDevice (the VM's Msvm_PciExpressSettingData goes, with
    /// the VM off), then Mount-VMHostAssignableDevice; a device still assigned cannot be mounted on the host again. Done before
    /// DestroySystem rather than trusting the VM's destruction to release it.
    /// </summary>
    private static async Task RemoveAssignedDevicesAsync(VmContext vm, CancellationToken ct)
    {
        if (vm.DismountedDevices.Count == 0)
        {
            return;
        }

        var assigned = await vm.Session.QueryAsync(Wql.SettingsOf("Msvm_PciExpressSettingData", vm.VmId), ct);
        if (assigned.Count > 0)
        {
            await vm.Session.VsmsAsync("RemoveResourceSettings", ct, null, new CimArgument("ResourceSettings", CimValue.Refs(assigned.Select(a => a.Ref).ToArray())));
        }
    }

    /// <summary>Gives DDA devices back to the host (MountAssignableDevice), so a run never leaves a host without its device.</summary>
    private static async Task MountBackAsync(VmContext vm, bool rethrow, CancellationToken ct)
    {
        Exception? first = null;
        foreach (var device in vm.DismountedDevices)
        {
            try
            {
                var service = await device.Host.ServiceAsync("Msvm_AssignableDeviceService", ct);
                await device.Host.InvokeAsync(service, "MountAssignableDevice", ct, null,
                    new CimArgument("DeviceInstancePath", CimValue.Of(device.InstancePath)), new CimArgument("DeviceLocationPath", CimValue.Of(device.LocationPath)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                first ??= e;
            }
            finally
            {
                device.Release();
            }
        }

        vm.DismountedDevices.Clear();
        if (first is not null && rethrow)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }
}
