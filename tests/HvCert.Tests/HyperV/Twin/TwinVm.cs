using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// One VM on a twin host. Its settings live in the host's store (InstanceID "Microsoft:&lt;VM GUID&gt;..."); this object keeps
/// the run state and what the guest did, and computes the runtime components that exist only while the VM runs.
/// The guest side (i13e2e's scripted transport) reads and writes the public members.
/// </summary>
public sealed class TwinVm(HyperVTwin host, string id, int index)
{
    // Per-component GUIDs: the "Microsoft:<GUID>" DeviceID form is from Samples/hyperv-mof/settings-define-state.mof (mouse,
    // display); the GUIDs of the integration components are the twin's own (no dump found), and the backend must not depend on them.
    internal static readonly Dictionary<string, (string Setting, string Guid)> Components = new()
    {
        ["Msvm_KvpExchangeComponent"] = ("Msvm_KvpExchangeComponentSettingData", "2A34B1C2-FD73-4043-8A5B-DD2159BC743F"),
        ["Msvm_HeartbeatComponent"] = ("Msvm_HeartbeatComponentSettingData", "84EAAE65-2F2E-45F5-9BB5-0E857DC8EB47"),
        ["Msvm_ShutdownComponent"] = ("Msvm_ShutdownComponentSettingData", "9F8233AC-BE49-4C79-8EE3-E7E1985B2077"),
        ["Msvm_TimeSyncComponent"] = ("Msvm_TimeSyncComponentSettingData", "2497F4DE-E9FA-4204-80E4-4B75C46419C0"),
        ["Msvm_VssComponent"] = ("Msvm_VssComponentSettingData", "5CED1297-4598-4915-A5FC-AD21BB4D02A4"),
        ["Msvm_GuestServiceInterfaceComponent"] = ("Msvm_GuestServiceInterfaceComponentSettingData", "6C09BB55-D683-4DA0-8931-C9BF705F6480"),
    };

    public HyperVTwin Host { get; internal set; } = host;

    /// <summary>The VM GUID (Msvm_ComputerSystem.Name), upper case as hosts print it.</summary>
    public string Id => id;

    /// <summary>2 Running, 3 Off, 6 Saved (Msvm_ComputerSystem.EnabledState).</summary>
    public int State { get; internal set; } = 3;

    public DateTimeOffset? StartedAt { get; internal set; }

    public int ColdBoots { get; internal set; }

    /// <summary>True when the last start resumed a saved state (standard checkpoint) instead of booting.</summary>
    public bool LastStartResumed { get; internal set; }

    public DateTimeOffset? GuestServicesEnabledAt { get; internal set; }

    public DateTimeOffset? ShutdownAt { get; internal set; }

    public string GuestAddress { get; set; } = host.Options.GuestAddressPrefix + (14 + index);

    /// <summary>The guest's own KVP pool (GuestExchangeItems), written by the scripted guest.</summary>
    public Dictionary<string, string> GuestItems { get; } = new(StringComparer.Ordinal);

    /// <summary>Files the host copied in with CopyFilesToGuest: guest path → bytes.</summary>
    public Dictionary<string, byte[]> CopiedFiles { get; } = new(StringComparer.Ordinal);

    public List<TwinSnapshot> Snapshots { get; } = [];

    /// <summary>Mouse positions the host set, NMIs injected, static IPs pushed: what the guest would observe.</summary>
    public List<(int X, int Y)> MousePositions { get; } = [];

    public int NmisInjected { get; internal set; }

    public List<string> InjectedAddresses { get; } = [];

    public string Prefix => "Microsoft:" + id;

    public bool Running => State == 2;

    public bool Booted(DateTimeOffset now) => Running && StartedAt is { } t && now >= t + Host.Options.BootTime;

    public CimInstanceData System => Host.Stored("Msvm_ComputerSystem").Single(i => i.String("Name") == id);

    public CimInstanceData Vssd => Host.Stored("Msvm_VirtualSystemSettingData").Single(i => i.String("InstanceID") == Prefix);

    public string Name => Vssd.String("ElementName") ?? id;

    public int Generation => Vssd.String("VirtualSystemSubType") == "Microsoft:Hyper-V:SubType:2" ? 2 : 1;

    /// <summary>The VM's settings of one class (not those of its checkpoints).</summary>
    public IReadOnlyList<CimInstanceData> Settings(string className) =>
        Host.Stored(className).Where(i => (i.String("InstanceID") ?? "").StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)).ToList();

    public CimInstanceData? Setting(string className) => Settings(className) is [var first, ..] ? first : null;

    public bool Enabled(string settingClass) => Setting(settingClass)?.Number("EnabledState") == 2;

    /// <summary>KVP items the host pushed (HostExchangeItems of the KVP settings): name → data, exactly as stored.</summary>
    public IReadOnlyDictionary<string, string> HostItems =>
        (Setting("Msvm_KvpExchangeComponentSettingData")?.Strings("HostExchangeItems") ?? []).Select(CimXml.Read)
            .ToDictionary(i => i.String("Name") ?? "", i => i.String("Data") ?? "", StringComparer.Ordinal);

    /// <summary>Host PCI devices assigned to this VM (DDA), as the guest's PCI bus would show them.</summary>
    public IReadOnlyList<TwinPciDevice> AssignedPciDevices =>
        Host.Stored("Msvm_PciExpress").Where(d => d.String("SystemName") == id).Select(d => Host.PciDevices[d.String("LocationPath")!]).ToList();

    /// <summary>Size of a disk the VM has attached, as the guest would see it.</summary>
    public long? DiskBytes(string hostPath) => Host.Files.TryGetValue(hostPath, out var f) ? f.MaxInternalSize : null;

    internal IEnumerable<CimInstanceData> RuntimeInstances(DateTimeOffset now)
    {
        if (!Running)
        {
            yield break;
        }

        var booted = Booted(now);
        var o = Host.Options;
        foreach (var (cls, (setting, guid)) in Components)
        {
            var enabled = Enabled(setting);
            if (cls == "Msvm_GuestServiceInterfaceComponent" && !(enabled && GuestServicesEnabledAt is { } since && now >= since + o.GuestServicesDelay && !o.NoGuestServices))
            {
                continue;
            }

            var healthy = enabled && booted && cls switch
            {
                "Msvm_HeartbeatComponent" => !o.HeartbeatSilent,
                "Msvm_VssComponent" => !o.VssFrozen,
                _ => true,
            };
            var c = Device(cls, guid).With(("EnabledState", CimValue.UInt16(enabled ? 2 : 3)),
                ("OperationalStatus", healthy ? CimValue.UInt16s(2) : enabled ? CimValue.UInt16s(12) : CimValue.NullArray(CimKind.UInt16)));
            if (cls == "Msvm_KvpExchangeComponent")
            {
                c = c.With(("GuestIntrinsicExchangeItems", CimValue.Strings(healthy ? Items(Intrinsic()) : [])),
                    ("GuestExchangeItems", CimValue.Strings(healthy ? Items(GuestItems) : [])));
            }

            yield return c;
            if (cls == "Msvm_GuestServiceInterfaceComponent")
            {
                yield return CimInstanceData.Create("Msvm_GuestFileService", ("CreationClassName", CimValue.Of("Msvm_GuestFileService")),
                    ("Name", CimValue.Of($@"Microsoft:{id}\{guid}\FileService")), ("SystemCreationClassName", CimValue.Of("Msvm_ComputerSystem")),
                    ("SystemName", CimValue.Of(id)), ("EnabledState", CimValue.UInt16(2)));
            }
        }

        yield return Device("Msvm_SyntheticMouse", "58F75A6D-D949-4320-99E1-A2A2576D581C");
        var display = Setting("Msvm_SyntheticDisplayControllerSettingData");
        yield return Device("Msvm_VideoHead", "F3CF6965-E8D3-44A9-9B7D-A04245EA7525")
            .With(("CurrentHorizontalResolution", CimValue.UInt32(display?.Number("HorizontalResolution") ?? 1024)),
                ("CurrentVerticalResolution", CimValue.UInt32(display?.Number("VerticalResolution") ?? 768)));
        foreach (var port in Settings("Msvm_SyntheticEthernetPortSettingData"))
        {
            var portGuid = port.String("InstanceID")![(Prefix.Length + 1)..];
            yield return CimInstanceData.Create("Msvm_GuestNetworkAdapterConfiguration", ("InstanceID", CimValue.Of($@"Microsoft:GuestNetwork\{id}\{portGuid}")),
                ("DHCPEnabled", CimValue.Of(true)), ("IPAddresses", CimValue.Strings(booted ? [GuestAddress] : [])), ("ProtocolIFType", CimValue.UInt16(4096)));
        }

        foreach (var offload in Settings("Msvm_EthernetSwitchPortOffloadSettingData"))
        {
            var active = (offload.Number("IOVOffloadWeight") ?? 0) > 0 && !o.NoVirtualFunction && Host.IovSwitchFor(this);
            yield return CimInstanceData.Create("Msvm_EthernetSwitchPortOffloadData", ("InstanceID", CimValue.Of(offload.String("InstanceID") + @"\Data")),
                ("IovVfDataPathActive", CimValue.Of(active)), ("IovVfId", CimValue.UInt16(active ? 1 : 0)));
        }
    }

    private Dictionary<string, string> Intrinsic() => new(StringComparer.Ordinal)
    {
        ["FullyQualifiedDomainName"] = Name,
        ["OSName"] = "Linux",
        ["NetworkAddressIPv4"] = GuestAddress,
        ["IntegrationServicesVersion"] = "3.1",
    };

    private static string[] Items(IReadOnlyDictionary<string, string> items) => items.Select(kv => CimXml.Write(CimInstanceData.Create("Msvm_KvpExchangeDataItem",
        ("Name", CimValue.Of(kv.Key)), ("Data", CimValue.Of(kv.Value)), ("Source", CimValue.UInt16(2))))).ToArray();

    private CimInstanceData Device(string cls, string guid) => CimInstanceData.Create(cls, ("CreationClassName", CimValue.Of(cls)),
        ("DeviceID", CimValue.Of($"Microsoft:{guid}")), ("SystemCreationClassName", CimValue.Of("Msvm_ComputerSystem")), ("SystemName", CimValue.Of(id)));
}

/// <summary>A checkpoint: its VSSD InstanceID, the settings it froze, and whether it holds memory (standard) or not (production).</summary>
public sealed record TwinSnapshot(string InstanceId, IReadOnlyList<CimInstanceData> Settings, bool HasSavedState, string VirtualSystemType);
