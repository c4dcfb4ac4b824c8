using HvCert.Hosts;
using HvCert.HyperV.Cim;

namespace HvCert.HyperV;

/// <summary>
/// The integration services the host really has on for a VM, read back after provisioning. Hyper-V offers an integration
/// component's VMBus channel to the guest only while its service is enabled (Msvm_*ComponentSettingData.EnabledState 2;
/// Microsoft's "Hyper-V integration services" reference lists each service with its Linux side). The backend only turns
/// services off (negative controls) or Guest Services on, so what the host's defaults, a template, an administrator or a host
/// policy left off would otherwise be declared offered, and a judge would blame the guest for a channel it was never given.
/// A service the host reports disabled is therefore not offered; one it does not report keeps the backend's declaration.
/// </summary>
internal static class IntegrationOffers
{
    private static readonly (DeviceRole Role, string Setting)[] Services =
    [
        (DeviceRole.Shutdown, "Msvm_ShutdownComponentSettingData"),
        (DeviceRole.TimeSync, "Msvm_TimeSyncComponentSettingData"),
        (DeviceRole.Heartbeat, "Msvm_HeartbeatComponentSettingData"),
        (DeviceRole.KeyValue, "Msvm_KvpExchangeComponentSettingData"),
        (DeviceRole.Backup, "Msvm_VssComponentSettingData"),
        (DeviceRole.FileCopy, "Msvm_GuestServiceInterfaceComponentSettingData"),
    ];

    public static async Task<IReadOnlyList<OfferedDevice>> ReadAsync(VmContext vm, IReadOnlyList<OfferedDevice> declared, CancellationToken ct)
    {
        var off = new HashSet<DeviceRole>();
        foreach (var (role, setting) in Services.Where(s => declared.Any(d => d.Role == s.Role)))
        {
            var found = await vm.Session.QueryAsync(Wql.SettingsOf(setting, vm.VmId), ct);
            if (found is [var one] && one.Number("EnabledState") is { } state && state != 2)
            {
                off.Add(role);
            }
        }

        return declared.Where(d => !off.Contains(d.Role)).ToList();
    }
}
