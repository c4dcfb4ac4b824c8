using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// The key properties real hosts put in object paths. The reference pages under-report inherited keys, so these come from
/// paths printed by real hosts (Samples/hyperv-mof/settings-define-state.mof: Msvm_ComputerSystem.CreationClassName+Name,
/// Msvm_*Controller/Drive.CreationClassName+DeviceID+SystemCreationClassName+SystemName, *SettingData.InstanceID;
/// Samples/hyperv-mof/ethernet-port-allocation.mof: Msvm_VirtualEthernetSwitch.CreationClassName+Name with InstanceID NULL),
/// and from libvirt src/hyperv/hyperv_wmi.c, which builds Msvm_ComputerSystem references from CreationClassName and Name.
/// </summary>
internal static class TwinKeys
{
    private static readonly string[] System = ["CreationClassName", "Name"];
    private static readonly string[] Service = ["CreationClassName", "Name", "SystemCreationClassName", "SystemName"];
    private static readonly string[] Device = ["CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"];
    private static readonly string[] Instance = ["InstanceID"];
    private static readonly string[] Association = ["AffectedElement", "AffectingElement"];

    public static IReadOnlyList<string> For(string className) => className switch
    {
        "Msvm_ComputerSystem" or "Msvm_VirtualEthernetSwitch" or "Win32_OperatingSystem" or "Win32_Processor" => System,
        "Msvm_AffectedJobElement" => Association,
        "StdRegProv" => [],
        _ when className.EndsWith("Service", StringComparison.Ordinal) => Service,
        _ when className.EndsWith("Component", StringComparison.Ordinal) || className is "Msvm_SyntheticMouse" or "Msvm_VideoHead"
            or "Msvm_SyntheticDisplayController" or "Msvm_PciExpress" => Device,
        _ => Instance,
    };

    /// <summary>The identity of an instance: class plus its key values (case-insensitive, as WMI compares them).</summary>
    public static string Identity(string className, Func<string, string?> value) =>
        className.ToLowerInvariant() + ":" + string.Join("|", For(className).Select(k => k.ToLowerInvariant() + "=" + (value(k) ?? "").ToUpperInvariant()));

    /// <summary>Null when the reference carries exactly the class's keys; otherwise why WMI would not find the object.</summary>
    public static string? CheckReference(CimRef reference)
    {
        var expected = For(reference.ClassName);
        var missing = expected.Where(k => string.IsNullOrEmpty(reference.Key(k))).ToList();
        var extra = reference.Keys.Keys.Where(k => !expected.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            return null;
        }

        return $"object path {reference} of {reference.ClassName} must be keyed by {string.Join("+", expected)}"
            + (missing.Count > 0 ? $"; missing {string.Join(", ", missing)}" : "") + (extra.Count > 0 ? $"; not keys: {string.Join(", ", extra)}" : "");
    }
}
