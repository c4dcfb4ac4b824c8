namespace HvCert.HyperV.Cim;

/// <summary>
/// Key properties per class, from the class definitions in the Hyper-V WMI v2 reference (CIM_ComputerSystem: CreationClassName+Name;
/// CIM_Service: CreationClassName+Name+SystemCreationClassName+SystemName; CIM_LogicalDevice: CreationClassName+DeviceID+
/// SystemCreationClassName+SystemName; every *SettingData and CIM_ConcreteJob: InstanceID). Msvm_VirtualEthernetSwitch is a
/// CIM_ComputerSystem too: real hosts print its path as <c>Msvm_VirtualEthernetSwitch.CreationClassName="Msvm_VirtualEthernetSwitch",
/// Name="&lt;GUID&gt;"</c> and leave InstanceID NULL (MOF dump in tests/HvCert.Tests/Samples/hyperv-mof), although the reference page
/// marks only InstanceID as Key.
/// </summary>
public static class CimKeys
{
    private static readonly string[] System = ["CreationClassName", "Name"];
    private static readonly string[] Service = ["CreationClassName", "Name", "SystemCreationClassName", "SystemName"];
    private static readonly string[] Device = ["CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"];
    private static readonly string[] Instance = ["InstanceID"];

    public static IReadOnlyList<string> For(string className) => className switch
    {
        "Msvm_ComputerSystem" or "Msvm_VirtualEthernetSwitch" or "Win32_OperatingSystem" => System,
        "StdRegProv" => [],
        _ when className.EndsWith("Service", StringComparison.Ordinal) => Service,
        _ when className.EndsWith("Component", StringComparison.Ordinal) || className is "Msvm_SyntheticMouse" or "Msvm_VideoHead"
            or "Msvm_SyntheticDisplayController" or "Msvm_PciExpress" => Device,
        _ => Instance,
    };
}
