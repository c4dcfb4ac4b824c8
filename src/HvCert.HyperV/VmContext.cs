using HvCert.HyperV.Cim;

namespace HvCert.HyperV;

/// <summary>
/// A provisioned VM as the facets see it: which host it is on (changes after live migration), its GUID and its files.
/// </summary>
internal sealed class VmContext(HostSession session, string vmId, string name, string runId)
{
    public HostSession Session { get; set; } = session;

    public string VmId => vmId;

    public string Name => name;

    public string RunId => runId;

    public CimRef SystemRef => CimRef.Of("Msvm_ComputerSystem", ("CreationClassName", "Msvm_ComputerSystem"), ("Name", vmId));

    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Host-side file names this VM owns (all carry the run id), removed at teardown.</summary>
    public List<string> OwnedFiles { get; } = [];

    public string? DataDiskPath { get; set; }

    /// <summary>The Msvm_EthernetPortAllocationSettingData connecting the second NIC to the run's private peer switch.</summary>
    public CimRef? PeerConnection { get; set; }

    /// <summary>Checkpoints taken for the runner's revert; destroyed (merged) before the VM is.</summary>
    public List<CimRef> Snapshots { get; } = [];

    /// <summary>DDA devices this VM took off the host; mounted back after the VM is destroyed.</summary>
    public List<Facets.DismountedDevice> DismountedDevices { get; } = [];

    public Task<CimInstanceData> VssdAsync(CancellationToken ct) =>
        Session.SingleAsync(
            $"SELECT * FROM Msvm_VirtualSystemSettingData WHERE VirtualSystemIdentifier = {Wql.Quote(vmId)} AND VirtualSystemType = {Wql.Quote("Microsoft:Hyper-V:System:Realized")}",
            $"the settings of VM {name} ({vmId}) are gone", ct);

    public Task<CimInstanceData> SettingAsync(string className, CancellationToken ct) =>
        Session.SingleAsync(Wql.SettingsOf(className, vmId), $"{className} of VM {name} not found", ct);

    public Task<CimInstanceData> ComponentAsync(string className, CancellationToken ct) =>
        Session.SingleAsync(Wql.Where(className, "SystemName", vmId), $"{className} of VM {name} not found (VM off, or component disabled?)", ct);

    /// <summary>Polls for a runtime component that the host creates some time after it is enabled (Guest Services).</summary>
    public async Task<CimInstanceData> UntilComponentAsync(string className, TimeSpan timeout, CancellationToken ct)
    {
        var until = Session.Time.GetUtcNow() + timeout;
        while (true)
        {
            var found = await Session.QueryAsync(Wql.Where(className, "SystemName", vmId), ct);
            if (found.Count > 0)
            {
                return found[0];
            }

            if (Session.Time.GetUtcNow() >= until)
            {
                throw new Jobs.HyperVException(className, Jobs.HyperVErrorKind.NotAvailable,
                    $"{className} of VM {name} did not appear within {timeout.TotalSeconds:0} s (Guest Service Interface disabled, or the guest's daemon not running?)");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), Session.Time, ct);
        }
    }

    public async Task<CimInstanceData> SystemAsync(CancellationToken ct) => await Session.Gateway.GetInstanceAsync(SystemRef, ct);

    /// <summary>Enables (2) or disables (3) an integration service through its *ComponentSettingData (hyperv-wmi.md §2).</summary>
    public async Task SetIntegrationServiceAsync(string settingClass, bool enabled, CancellationToken ct)
    {
        var setting = await SettingAsync(settingClass, ct);
        await Session.ModifyResourceAsync(setting.With(("EnabledState", CimValue.UInt16(enabled ? 2 : 3))), ct);
    }
}
