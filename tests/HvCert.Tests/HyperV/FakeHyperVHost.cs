using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV;

/// <summary>A <see cref="FakeCimGateway"/> that behaves like a Hyper-V host for the methods the backend calls, replaying the CIM-XML samples.</summary>
internal static class FakeHyperVHost
{
    public const string VmId = "5A1C2E3D-4B5F-4A6B-8C7D-9E0F1A2B3C4D";

    /// <summary>The fake with the two emulated IDE controllers a Gen1 VM has (the samples describe a Gen2 VM).</summary>
    public static FakeCimGateway CreateGen1()
    {
        var g = Create();
        foreach (var address in new[] { "0", "1" })
        {
            g.Store.Add(CimInstanceData.Create("Msvm_ResourceAllocationSettingData", ("InstanceID", CimValue.Of($"Microsoft:{VmId}\\IDE{address}")),
                ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Emulated IDE Controller")), ("Address", CimValue.Of(address))));
        }

        return g;
    }

    /// <summary>
    /// Adds root\cimv2 Win32_OperatingSystem as a server of <paramref name="build"/> reports it (BuildNumber, ProductType 3; the
    /// Win32_OperatingSystem page's types): what the backend reads to check a host's release. SYNTHETIC.
    /// </summary>
    public static FakeCimGateway Reporting(this FakeCimGateway g, string build)
    {
        g.Store.Add(CimInstanceData.Create("Win32_OperatingSystem", ("CreationClassName", CimValue.Of("Win32_OperatingSystem")), ("Name", CimValue.Of("hv")),
            ("BuildNumber", CimValue.Of(build)), ("ProductType", CimValue.UInt32(3))) with { Namespace = @"root\cimv2" });
        return g;
    }

    public static FakeCimGateway Create()
    {
        var g = new FakeCimGateway();
        g.Load("hyperv-host.xml");
        var jobs = 0;
        var dataDiskBytes = 1L << 30; // per host: a static here leaked one test's resize into a parallel test's "old_bytes"
        string NextJob() => "JOB-" + ++jobs;
        const string vsms = "Msvm_VirtualSystemManagementService";
        g.Handlers[("Msvm_ImageManagementService", "CreateVirtualHardDisk")] = (_, _) => g.Job(NextJob());
        g.Handlers[(vsms, "DefineSystem")] = (_, args) =>
        {
            var requested = CimXml.Read(args.First(a => a.Name == "SystemSettings").Value.Text!);
            g.Load("vm-defined.xml");
            var vssd = g.Store.First(i => i.ClassName == "Msvm_VirtualSystemSettingData");
            g.Replace(vssd.With(requested.Properties.Select(p => (p.Key, p.Value)).ToArray()));
            var system = g.Store.First(i => i.ClassName == "Msvm_ComputerSystem");
            g.Replace(system.With(("ElementName", requested["ElementName"]!)));
            g.Store.Add(FakeKvp());
            return g.Job(NextJob(), null, ("ResultingSystem", CimValue.Ref(system.Ref)));
        };
        g.Handlers[(vsms, "ModifyResourceSettings")] = (_, args) =>
        {
            foreach (var text in args[0].Value.Texts)
            {
                g.Replace(CimXml.Read(text));
            }

            return g.Job(NextJob());
        };
        g.Handlers[(vsms, "ModifySystemSettings")] = (_, args) => { g.Replace(CimXml.Read(args[0].Value.Text!)); return g.Job(NextJob()); };
        g.Handlers[(vsms, "AddResourceSettings")] = (_, args) =>
        {
            var added = CimXml.Read(args.First(a => a.Name == "ResourceSettings").Value.Texts[0])
                .With(("InstanceID", CimValue.Of($"Microsoft:{VmId}\\{Guid.NewGuid()}")));
            g.Store.Add(added);
            return g.Job(NextJob(), null, ("ResultingResourceSettings", CimValue.Refs(added.Ref)));
        };
        g.Handlers[(vsms, "DestroySystem")] = (_, _) =>
        {
            g.Store.RemoveAll(i => (i.String("InstanceID") ?? "").Contains(VmId, StringComparison.Ordinal) || i.String("SystemName") == VmId || i.String("Name") == VmId);
            return g.Job(NextJob());
        };
        g.Handlers[("Msvm_ComputerSystem", "RequestStateChange")] = (target, args) =>
        {
            var vm = g.Find(target)!;
            g.Replace(vm.With(("EnabledState", args[0].Value)));
            return g.Job(NextJob());
        };
        foreach (var method in new[] { "AddKvpItems", "ModifyKvpItems", "RemoveKvpItems", "SetGuestNetworkAdapterConfiguration", "AddFeatureSettings", "ModifyFeatureSettings", "RemoveFeatureSettings", "RemoveResourceSettings" })
        {
            g.Handlers[(vsms, method)] = (_, _) => g.Job(NextJob());
        }

        g.Handlers[("Msvm_ComputerSystem", "InjectNonMaskableInterrupt")] = (_, _) => FakeCimGateway.Done();
        g.Handlers[("Msvm_ShutdownComponent", "InitiateShutdown")] = (_, _) =>
        {
            var vm = g.Store.First(i => i.ClassName == "Msvm_ComputerSystem" && i.String("Name") == VmId);
            g.Replace(vm.With(("EnabledState", CimValue.UInt16(3))));
            return FakeCimGateway.Done();
        };
        g.Handlers[("Msvm_GuestFileService", "CopyFilesToGuest")] = (_, _) => g.Job(NextJob());
        g.Handlers[("Msvm_ImageManagementService", "ResizeVirtualHardDisk")] = (_, args) =>
        {
            dataDiskBytes = long.Parse(args.First(a => a.Name == "MaxInternalSize").Value.Text!, System.Globalization.CultureInfo.InvariantCulture);
            return g.Job(NextJob());
        };
        g.Handlers[("Msvm_ImageManagementService", "GetVirtualHardDiskState")] = (_, _) =>
            FakeCimGateway.Done(("State", CimValue.Of(CimXml.Write(CimXml.ReadAll(FakeCimGateway.Sample("virtual-hard-disk-state.xml"))[0]))));
        g.Handlers[("Msvm_ImageManagementService", "GetVirtualHardDiskSettingData")] = (_, _) =>
            FakeCimGateway.Done(("SettingData", CimValue.Of(CimXml.Write(CimInstanceData.Create("Msvm_VirtualHardDiskSettingData", ("MaxInternalSize", CimValue.UInt64(dataDiskBytes)))))));
        g.Handlers[("Msvm_VirtualSystemSnapshotService", "CreateSnapshot")] = (_, _) =>
            g.Job(NextJob(), null, ("ResultingSnapshot", CimValue.Ref(CimRef.Of("Msvm_VirtualSystemSettingData", ("InstanceID", "Microsoft:SNAP-1")))));
        g.Handlers[("Msvm_VirtualSystemSnapshotService", "DestroySnapshot")] = (_, _) => g.Job(NextJob());
        AddSwitchService(g, NextJob);
        return g;
    }

    /// <summary>Msvm_VirtualEthernetSwitchManagementService: DefineSystem makes a private switch (the run's peer switch), DestroySystem removes it.</summary>
    private static void AddSwitchService(FakeCimGateway g, Func<string> nextJob)
    {
        const string service = "Msvm_VirtualEthernetSwitchManagementService";
        g.Store.Add(CimInstanceData.Create(service, ("CreationClassName", CimValue.Of(service)), ("Name", CimValue.Of("vsms-switch")),
            ("SystemCreationClassName", CimValue.Of("Msvm_ComputerSystem")), ("SystemName", CimValue.Of("HV1"))));
        g.Handlers[(service, "DefineSystem")] = (_, args) =>
        {
            var settings = CimXml.Read(args.First(a => a.Name == "SystemSettings").Value.Text!);
            var sw = CimInstanceData.Create("Msvm_VirtualEthernetSwitch", ("CreationClassName", CimValue.Of("Msvm_VirtualEthernetSwitch")),
                ("Name", CimValue.Of(Guid.NewGuid().ToString().ToUpperInvariant())), ("ElementName", settings["ElementName"]!));
            g.Store.Add(sw);
            return g.Job(nextJob(), null, ("ResultingSystem", CimValue.Ref(sw.Ref)));
        };
        g.Handlers[(service, "DestroySystem")] = (_, args) =>
        {
            var target = args.First(a => a.Name == "AffectedSystem").Value.References[0];
            g.Store.RemoveAll(i => i.ClassName == target.ClassName && i.String("Name") == target.Key("Name"));
            return g.Job(nextJob());
        };
    }

    private static CimInstanceData FakeKvp() => CimXml.ReadAll(FakeCimGateway.Sample("kvp-exchange-component.xml"))[0];
}
