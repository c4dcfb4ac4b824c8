using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Port feature settings, KVP items and guest network configuration. A VLAN setting exists only once added (os-win
/// networkutils looks for it on the port and adds one when there is none); every connection has its offload setting from
/// the start (TwinResources), so adding a second one fails like any duplicate feature.
/// </summary>
public sealed partial class HyperVTwin
{
    private void RegisterNetwork()
    {
        // A switch settings object and no port allocations define a private switch (os-win networkutils.create_vswitch).
        On("Msvm_VirtualEthernetSwitchManagementService", "DefineSystem", c =>
        {
            var settings = c.EmbeddedOne("SystemSettings");
            if (settings.ClassName != "Msvm_VirtualEthernetSwitchSettingData" || string.IsNullOrEmpty(settings.String("ElementName")))
            {
                throw Refused.Invalid($"Msvm_VirtualEthernetSwitchManagementService.DefineSystem: SystemSettings must be Msvm_VirtualEthernetSwitchSettingData with an ElementName, not {settings.ClassName}");
            }

            if (c.Embedded("ResourceSettings").Count > 0)
            {
                throw Refused.Invalid("Msvm_VirtualEthernetSwitchManagementService.DefineSystem: the twin models private switches only (no port allocations)");
            }

            return Job(c.Method, () =>
            {
                var sw = CimInstanceData.Create("Msvm_VirtualEthernetSwitch", ("CreationClassName", CimValue.Of("Msvm_VirtualEthernetSwitch")),
                    ("Name", CimValue.Of(Guid.NewGuid().ToString().ToUpperInvariant())), ("ElementName", settings["ElementName"]!), ("EnabledState", CimValue.UInt16(5)),
                    ("MaxIOVOffloads", CimValue.UInt32(0)));
                Store(sw);
                PrivateSwitches[sw.String("Name")!] = settings.Strings("Notes").ToList();
                return [Ref(sw)];
            });
        });
        On("Msvm_VirtualEthernetSwitchManagementService", "DestroySystem", c =>
        {
            var swRef = c.Ref("AffectedSystem");
            var sw = Find(swRef) is { ClassName: "Msvm_VirtualEthernetSwitch" } found ? found
                : throw Refused.Invalid($"Msvm_VirtualEthernetSwitchManagementService.DestroySystem: {swRef} is not an existing switch");
            var inUse = Vms.Values.Where(vm => vm.Settings("Msvm_EthernetPortAllocationSettingData")
                .Any(p => p.Strings("HostResource") is [var path] && Find(CimRef.ParseWmiPath(path)) is { } target && Identity(target) == Identity(sw))).Select(vm => vm.Name).ToList();
            if (inUse.Count > 0)
            {
                throw new RefusedException(Refused.InvalidState, $"DestroySystem: switch '{sw.String("ElementName")}' is still connected to {string.Join(", ", inUse)}");
            }

            return Job(c.Method, () => { Unstore(sw); PrivateSwitches.Remove(sw.String("Name")!); return []; });
        });
        On(Vsms, "AddFeatureSettings", c =>
        {
            var portRef = c.Ref("AffectedConfiguration");
            var port = Find(portRef) is { ClassName: "Msvm_EthernetPortAllocationSettingData" } p ? p
                : throw Refused.Invalid($"AddFeatureSettings: AffectedConfiguration {portRef} is not an existing Msvm_EthernetPortAllocationSettingData");
            var features = c.Embedded("FeatureSettings").Select(f => CheckFeature(f, port)).ToList();
            return Job(c.Method, () => { features.ForEach(Store); return features.Select(Ref).ToList(); });
        });
        On(Vsms, "ModifyFeatureSettings", c =>
        {
            var features = c.Embedded("FeatureSettings").Select(f =>
            {
                var before = Stored(f.ClassName).FirstOrDefault(s => s.String("InstanceID") == f.String("InstanceID"))
                    ?? throw Refused.Invalid($"ModifyFeatureSettings: no {f.ClassName} with InstanceID '{f.String("InstanceID")}' (add it with AddFeatureSettings first)");
                return before.With(f.Properties.Where(p => !p.Value.IsNull || p.Value.IsArray).Select(p => (p.Key, p.Value)).ToArray());
            }).ToList();
            features.ForEach(f => CheckVlan(f));
            return Job(c.Method, () => { features.ForEach(Store); return features.Select(Ref).ToList(); });
        });
        On(Vsms, "RemoveFeatureSettings", c =>
        {
            var refs = c.Arg("FeatureSettings")?.References ?? [];
            var found = refs.Select(r => Find(r) ?? throw Refused.Invalid($"RemoveFeatureSettings: {r} does not exist")).ToList();
            return Job(c.Method, () => { found.ForEach(Unstore); return []; });
        });
        foreach (var method in new[] { "AddKvpItems", "ModifyKvpItems", "RemoveKvpItems" })
        {
            On(Vsms, method, c => KvpItems(c, method));
        }

        On(Vsms, "SetGuestNetworkAdapterConfiguration", c =>
        {
            var vm = VmOf(c.Ref("ComputerSystem"), c);
            var config = c.EmbeddedOne("NetworkConfiguration");
            if (!vm.Booted(Clock.GetUtcNow()) || !vm.Enabled("Msvm_KvpExchangeComponentSettingData"))
            {
                throw new RefusedException(Refused.InvalidState, $"SetGuestNetworkAdapterConfiguration: '{vm.Name}' is not running with the KVP service");
            }

            if (!vm.RuntimeInstances(Clock.GetUtcNow()).Any(i => i.ClassName == config.ClassName && i.String("InstanceID") == config.String("InstanceID")))
            {
                throw Refused.Invalid($"SetGuestNetworkAdapterConfiguration: Msvm_GuestNetworkAdapterConfiguration.InstanceID '{config.String("InstanceID")}' is no NIC of '{vm.Name}'");
            }

            return Job(c.Method, () => { vm.InjectedAddresses.AddRange(config.Strings("IPAddresses")); return []; });
        });
    }

    /// <summary>Private switches created through the switch management service: switch GUID → Notes.</summary>
    public Dictionary<string, List<string>> PrivateSwitches { get; } = new(StringComparer.OrdinalIgnoreCase);

    private CimInstanceData CheckFeature(CimInstanceData feature, CimInstanceData port)
    {
        if (feature.ClassName is not ("Msvm_EthernetSwitchPortVlanSettingData" or "Msvm_EthernetSwitchPortOffloadSettingData"))
        {
            throw Refused.Invalid($"AddFeatureSettings: the twin models VLAN and offload features, not {feature.ClassName}");
        }

        var prefix = port.String("InstanceID") + "\\";
        if (Stored(feature.ClassName).Any(s => (s.String("InstanceID") ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            throw new RefusedException(Refused.Failed, $"AddFeatureSettings: the port already has a {feature.ClassName}; modify or remove it");
        }

        var added = feature.With(("InstanceID", CimValue.Of(prefix + Guid.NewGuid().ToString().ToUpperInvariant())));
        CheckVlan(added);
        return added;
    }

    /// <summary>OperationMode 1 Access needs AccessVlanId 1..4094; 2 Trunk needs NativeVlanId and TrunkVlanIdArray (VLAN settings page).</summary>
    private static void CheckVlan(CimInstanceData vlan)
    {
        if (vlan.ClassName != "Msvm_EthernetSwitchPortVlanSettingData")
        {
            return;
        }

        var ok = vlan.Number("OperationMode") switch
        {
            1 => vlan.Number("AccessVlanId") is >= 1 and <= 4094,
            2 => vlan.Number("NativeVlanId") is >= 0 and <= 4094 && vlan.Strings("TrunkVlanIdArray").Count > 0,
            _ => false,
        };
        if (!ok)
        {
            throw Refused.Invalid($"Msvm_EthernetSwitchPortVlanSettingData: OperationMode {vlan.Number("OperationMode")} with AccessVlanId {vlan.Number("AccessVlanId")} is not a valid access (1) or trunk (2) setting");
        }
    }

    /// <summary>
    /// Host KVP items live in Msvm_KvpExchangeComponentSettingData.HostExchangeItems. Adding an existing name, or modifying or
    /// removing a missing one, fails; Source must be 0 (host pool) (Msvm_KvpExchangeDataItem page; AddKvpItems page).
    /// </summary>
    private CimMethodResult KvpItems(Invocation c, string method)
    {
        var vm = VmOf(c.Ref("TargetSystem"), c);
        var items = c.Embedded("DataItems");
        foreach (var item in items.Where(i => i.ClassName != "Msvm_KvpExchangeDataItem" || i.Number("Source") != 0))
        {
            throw Refused.Invalid($"{method}: DataItems must be Msvm_KvpExchangeDataItem with Source 0, not {item.ClassName} Source {item.Number("Source")}");
        }

        return Job(method, () =>
        {
            var setting = vm.Setting("Msvm_KvpExchangeComponentSettingData")!;
            var pool = setting.Strings("HostExchangeItems").Select(CimXml.Read).ToDictionary(i => i.String("Name")!, StringComparer.Ordinal);
            foreach (var item in items)
            {
                var name = item.String("Name") ?? "";
                var exists = pool.ContainsKey(name);
                if ((method == "AddKvpItems" && exists) || (method != "AddKvpItems" && !exists))
                {
                    throw new RefusedException(Refused.Failed, $"{method}: KVP item '{name}' {(exists ? "already exists" : "does not exist")} on '{vm.Name}'");
                }

                if (method == "RemoveKvpItems")
                {
                    pool.Remove(name);
                }
                else
                {
                    pool[name] = item;
                }
            }

            Store(setting.With(("HostExchangeItems", CimValue.Strings(pool.Values.Select(CimXml.Write).ToArray()))));
            return [];
        });
    }
}
