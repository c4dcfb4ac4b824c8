using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>What a freshly installed host holds: its services, the default ("template") settings objects, and the test's own switches, SANs and files.</summary>
public sealed partial class HyperVTwin
{
    /// <summary>Files the host can see (VHD/VHDX, ISO): host path → size and parent. Templates are added by the test.</summary>
    public Dictionary<string, TwinFile> Files { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Folders hvcert writes through a share: host path → local directory (seed ISOs, staged copies).</summary>
    public Dictionary<string, string> Shares { get; } = new(StringComparer.OrdinalIgnoreCase);

    private static readonly (string Class, string SubType)[] Templates =
    [
        ("Msvm_ResourceAllocationSettingData", "Microsoft:Hyper-V:Synthetic SCSI Controller"),
        ("Msvm_ResourceAllocationSettingData", "Microsoft:Hyper-V:Emulated IDE Controller"),
        ("Msvm_ResourceAllocationSettingData", "Microsoft:Hyper-V:Synthetic Disk Drive"),
        ("Msvm_ResourceAllocationSettingData", "Microsoft:Hyper-V:Synthetic DVD Drive"),
        ("Msvm_StorageAllocationSettingData", "Microsoft:Hyper-V:Virtual Hard Disk"),
        ("Msvm_StorageAllocationSettingData", "Microsoft:Hyper-V:Virtual CD/DVD Disk"),
        ("Msvm_SyntheticEthernetPortSettingData", "Microsoft:Hyper-V:Synthetic Ethernet Port"),
        ("Msvm_EthernetPortAllocationSettingData", "Microsoft:Hyper-V:Ethernet Connection"),
        ("Msvm_SyntheticFcPortSettingData", "Microsoft:Hyper-V:Synthetic FibreChannel Port"),
        // Subtype of the FC connection per hyperv-wmi.md "Corrections" (Microsoft's Fibre Channel sample).
        ("Msvm_FcPortAllocationSettingData", "Microsoft:Hyper-V:FibreChannel Connection"),
        ("Msvm_PciExpressSettingData", "Microsoft:Hyper-V:Virtual Pci Express Port"),
    ];

    /// <summary>A virtual switch as New-VMSwitch leaves it: InstanceID NULL, keyed by CreationClassName + Name (the GUID).</summary>
    public CimRef AddSwitch(string name, bool iov = false)
    {
        var sw = CimInstanceData.Create("Msvm_VirtualEthernetSwitch", ("CreationClassName", CimValue.Of("Msvm_VirtualEthernetSwitch")),
            ("Name", CimValue.Of(Guid.NewGuid().ToString().ToUpperInvariant())), ("ElementName", CimValue.Of(name)), ("EnabledState", CimValue.UInt16(5)),
            ("MaxIOVOffloads", CimValue.UInt32(iov ? 64 : 0)));
        lock (gate)
        {
            Store(sw);
        }

        return Ref(sw);
    }

    /// <summary>A virtual SAN (New-VMSan): an Msvm_ResourcePool whose PoolID is the SAN name.</summary>
    public void AddSan(string name)
    {
        lock (gate)
        {
            Store(CimInstanceData.Create("Msvm_ResourcePool", ("InstanceID", CimValue.Of("Microsoft:" + Guid.NewGuid().ToString().ToUpperInvariant())),
                ("PoolID", CimValue.Of(name)), ("ElementName", CimValue.Of(name)), ("ResourceType", CimValue.UInt16(64764)),
                ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:FibreChannel Connection")), ("Primordial", CimValue.Of(false))));
        }
    }

    /// <summary>A file already on the host, e.g. a template disk: VHDX unless the name ends in .vhd.</summary>
    public void AddFile(string hostPath, long maxInternalSize = 8L << 30)
    {
        lock (gate)
        {
            Files[hostPath] = new TwinFile(hostPath, FormatOf(hostPath), maxInternalSize, null, 4L << 20);
        }
    }

    /// <summary>Maps a host folder to the local directory hvcert writes it through (inventory storage.host_path and share).</summary>
    public void AddShare(string hostPath, string localDirectory) => Shares[hostPath.TrimEnd('\\')] = localDirectory;

    internal static CimRef Ref(CimInstanceData instance) => new(instance.Namespace, instance.ClassName,
        TwinKeys.For(instance.ClassName).ToDictionary(k => k, k => instance.String(k) ?? "", StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the host can open a file: a VHD/VHDX it knows, or a file present under a mapped share.</summary>
    internal bool Exists(string hostPath)
    {
        if (Files.ContainsKey(hostPath))
        {
            return true;
        }

        var slash = hostPath.LastIndexOf('\\');
        return slash > 0 && Shares.TryGetValue(hostPath[..slash], out var dir) && File.Exists(Path.Combine(dir, hostPath[(slash + 1)..]));
    }

    /// <summary>VHD format 2 and VHDX format 3 (Msvm_VirtualHardDiskSettingData.Format), from the file extension as Hyper-V decides it.</summary>
    internal static int FormatOf(string path) => path.EndsWith(".vhd", StringComparison.OrdinalIgnoreCase) ? 2 : path.EndsWith(".vhdx", StringComparison.OrdinalIgnoreCase) ? 3 : 0;

    /// <summary>
    /// root\cimv2 Win32_OperatingSystem as the host reports itself, from <see cref="TwinOptions.Build"/> at each query. Properties
    /// and types from Microsoft's Win32_OperatingSystem page: BuildNumber (string, no revision), Version ("10.0.BUILD"), ProductType
    /// (uint32; 1 work station, 2 domain controller, 3 server), Caption. The caption follows the build as Microsoft's release
    /// table pairs them; SYNTHETIC: no real host's dump is kept here.
    /// </summary>
    private CimInstanceData ReportedOperatingSystem()
    {
        var release = Options.Build switch { "14393" => "2016", "17763" => "2019", "20348" => "2022", "26100" => "2025", _ => "" };
        var caption = Options.ProductType == 1 ? "Microsoft Windows 11 Pro" : $"Microsoft Windows Server {release} Datacenter";
        return CimInstanceData.Create("Win32_OperatingSystem", ("Name", CimValue.Of(caption + @"|C:\WINDOWS|\Device\Harddisk0\Partition2")),
            ("BuildNumber", CimValue.Of(Options.Build)), ("Version", CimValue.Of("10.0." + Options.Build)), ("Caption", CimValue.Of(caption)),
            ("ProductType", CimValue.UInt32(Options.ProductType)), ("CSName", CimValue.Of(ServerName)), ("CreationClassName", CimValue.Of("Win32_OperatingSystem"))) with { Namespace = @"root\cimv2" };
    }

    private void SeedHost()
    {
        var host = CimInstanceData.Create("Msvm_ComputerSystem", ("CreationClassName", CimValue.Of("Msvm_ComputerSystem")), ("Name", CimValue.Of(ServerName)),
            ("ElementName", CimValue.Of(ServerName)), ("Description", CimValue.Of("Microsoft Hosting Computer System")), ("EnabledState", CimValue.UInt16(2)));
        Store(host);
        foreach (var service in new[] { "Msvm_VirtualSystemManagementService", "Msvm_VirtualSystemSnapshotService", "Msvm_ImageManagementService",
                     "Msvm_VirtualSystemMigrationService", "Msvm_AssignableDeviceService", "Msvm_VirtualEthernetSwitchManagementService" })
        {
            var instance = CimInstanceData.Create(service, ("CreationClassName", CimValue.Of(service)), ("Name", CimValue.Of("vmms")),
                ("SystemCreationClassName", CimValue.Of("Msvm_ComputerSystem")), ("SystemName", CimValue.Of(ServerName)), ("EnabledState", CimValue.UInt16(2)));
            if (service == "Msvm_VirtualSystemMigrationService")
            {
                instance = instance.With(("MigrationServiceListenerIPAddressList", CimValue.Strings("10.0.0." + (Math.Abs(Name.GetHashCode(StringComparison.Ordinal)) % 200 + 10))));
            }

            Store(instance);
        }

        var pool = Guid.NewGuid().ToString().ToUpperInvariant();
        foreach (var (cls, subType) in Templates)
        {
            // Default settings carry InstanceID "Microsoft:Definition\<pool GUID>\Default" (Samples/hyperv-mof/ethernet-port-allocation.mof).
            Store(CimInstanceData.Create(cls, ("InstanceID", CimValue.Of($@"Microsoft:Definition\{Guid.NewGuid().ToString().ToUpperInvariant()}\Default")),
                ("ResourceSubType", CimValue.Of(subType)), ("ElementName", CimValue.Of(subType[(subType.LastIndexOf(':') + 1)..]))));
        }

        foreach (var feature in new[] { "Msvm_EthernetSwitchPortVlanSettingData", "Msvm_EthernetSwitchPortOffloadSettingData" })
        {
            Store(CimInstanceData.Create(feature, ("InstanceID", CimValue.Of($@"Microsoft:Definition\{pool}\{feature}\Default"))));
        }
    }
}

/// <summary>A virtual disk file on the host: format (2 VHD, 3 VHDX), virtual size, parent (differencing) and bytes allocated.</summary>
public sealed record TwinFile(string Path, int Format, long MaxInternalSize, string? ParentPath, long FileSize);
