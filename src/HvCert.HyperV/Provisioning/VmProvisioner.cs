using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Seed;

namespace HvCert.HyperV.Provisioning;

/// <summary>
/// VmSpec → running VM through WMI v2 (hyperv-wmi.md §1): differencing OS disk on the template, DefineSystem with the
/// generation subtype, Secure Boot template and run-id Notes, processors, memory, integration-service faults, SCSI/IDE
/// storage with a data disk and the NoCloud seed DVD, NIC on the switch, optional FC HBA, then start.
/// </summary>
internal sealed class VmProvisioner(HostSession session, HyperVInventory inventory, (CimRef Switch, string Mac)? peerNic = null)
{
    public const string UefiCaTemplate = "272e7447-90a4-4563-a4b9-8e4ab00526ce";
    public const long DataDiskBytes = 1L << 30;

    public async Task<VmContext> DefineAsync(VmSpec spec, string template, GuestKeys keys, CancellationToken ct)
    {
        var prefix = $"{spec.Name}-{spec.RunId}";
        // A differencing disk has its parent's format: a .vhd template gets a .vhd child (New-VHD -Differencing).
        var osDisk = $"{prefix}-os" + (template.EndsWith(".vhd", StringComparison.OrdinalIgnoreCase) ? ".vhd" : ".vhdx");
        var dataDisk = $"{prefix}-data.vhdx";
        var seed = $"{prefix}-seed.iso";
        await session.Files.WriteAsync(seed, NoCloudSeed.BuildIso($"hvcert-{prefix}", spec.Name, inventory.SshUser, keys, spec.FaultSet), ct);
        await CreateDiskAsync(osDisk, ("Type", CimValue.UInt16(4)), ("ParentPath", CimValue.Of(template)), ct);
        await CreateDiskAsync(dataDisk, ("Type", CimValue.UInt16(spec.Has(VmFault.DiscardIgnored) ? 2 : 3)), ("MaxInternalSize", CimValue.UInt64(DataDiskBytes)), ct);

        var gen2 = spec.Generation == Generation.Gen2;
        var secureBoot = gen2 && spec.SecureBoot && !spec.Has(VmFault.SecureBootOff);
        var vssd = CimInstanceData.Create("Msvm_VirtualSystemSettingData",
            ("ElementName", CimValue.Of(spec.Name)),
            ("VirtualSystemSubType", CimValue.Of(gen2 ? "Microsoft:Hyper-V:SubType:2" : "Microsoft:Hyper-V:SubType:1")),
            ("Notes", CimValue.Strings(HyperVBackend.RunNote(spec.RunId))),
            ("ConfigurationDataRoot", CimValue.Of(session.Host.Storage.HostPath)),
            // Standard checkpoints save memory, so the runner's revert resumes the running guest; the 2016+ default (Production,
            // 3) cold-boots on apply (hyperv-wmi.md "Corrections"; Msvm_VirtualSystemSettingData.UserSnapshotType 5 = Standard).
            ("UserSnapshotType", CimValue.UInt16(5)),
            // Dynamic Memory and virtual NUMA are mutually exclusive; os-win clears vNUMA whenever DM is on.
            ("VirtualNumaEnabled", CimValue.Of(!MemoryPlan.DynamicFor(inventory, spec))));
        if (gen2)
        {
            vssd = vssd.With(("SecureBootEnabled", CimValue.Of(secureBoot)));
            vssd = secureBoot ? vssd.With(("SecureBootTemplateId", CimValue.Of(UefiCaTemplate))) : vssd;
        }

        if (!spec.Has(VmFault.NoMmioGapSetting))
        {
            vssd = inventory.LowMmioGapMb is { } low ? vssd.With(("LowMmioGapSize", CimValue.UInt64(low))) : vssd;
            vssd = inventory.HighMmioGapMb is { } high ? vssd.With(("HighMmioGapSize", CimValue.UInt64(high))) : vssd;
        }

        var defined = await session.VsmsAsync("DefineSystem", ct, null,
            new CimArgument("SystemSettings", CimValue.Of(CimXml.Write(vssd))),
            new CimArgument("ResourceSettings", CimValue.Strings()));
        var system = await session.FirstResultAsync(defined, "ResultingSystem", "Msvm_ComputerSystem", ct)
            ?? throw new InfrastructureException("DefineSystem returned no ResultingSystem, neither as out parameter nor through its job");
        var vm = new VmContext(session, system.Key("Name")!, spec.Name, spec.RunId);
        vm.OwnedFiles.AddRange([osDisk, dataDisk, seed]);
        vm.DataDiskPath = session.Files.HostPath(dataDisk);
        vm.Settings["vm.id"] = vm.VmId;
        vm.Settings["firmware"] = gen2 ? "uefi" : "bios";
        vm.Settings["secure_boot"] = secureBoot ? "on" : "off";
        vm.Settings["secure_boot.template"] = secureBoot ? UefiCaTemplate : "";
        vm.Settings["disk.os"] = session.Files.HostPath(osDisk);
        vm.Settings["disk.data"] = vm.DataDiskPath;
        vm.Settings["seed.iso"] = session.Files.HostPath(seed);
        vm.Settings["disk.data.bytes"] = DataDiskBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (vssd.Number("LowMmioGapSize") is { } lowGap)
        {
            vm.Settings["mmio.low_gap_mb"] = lowGap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return vm;
    }

    public async Task ConfigureAsync(VmContext vm, VmSpec spec, CancellationToken ct)
    {
        var cpus = spec.Has(VmFault.SingleCpu) ? 1 : spec.Cpus;
        var cpu = await vm.SettingAsync("Msvm_ProcessorSettingData", ct);
        await session.ModifyResourceAsync(cpu.With(("VirtualQuantity", CimValue.UInt64(cpus)), ("Limit", CimValue.UInt64(100000))), ct);
        vm.Settings["cpus"] = cpus.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await new MemoryPlan(MemoryPlan.DynamicFor(inventory, spec), spec.EffectiveMemoryMb).ApplyAsync(vm, ct);

        // Guest Service Interface is off by default on Hyper-V; enabling it here (not in the file-copy probe) keeps the offered
        // device list the same whatever order the probes run in. NoGuestAgent leaves it off (the file-copy negative control).
        if (!spec.Has(VmFault.NoGuestAgent))
        {
            await vm.SetIntegrationServiceAsync(GuestServiceSetting, enabled: true, ct);
        }

        foreach (var (fault, settingClass) in FaultedServices)
        {
            if (spec.Has(fault))
            {
                await vm.SetIntegrationServiceAsync(settingClass, enabled: false, ct);
            }
        }

        if (inventory.VideoResolution is { } res)
        {
            var video = await vm.SettingAsync("Msvm_SyntheticDisplayControllerSettingData", ct);
            await session.ModifyResourceAsync(video.With(("ResolutionType", CimValue.UInt8(3)),
                ("HorizontalResolution", CimValue.UInt16(res.Width)), ("VerticalResolution", CimValue.UInt16(res.Height))), ct);
            vm.Settings["video.width"] = res.Width.ToString(System.Globalization.CultureInfo.InvariantCulture);
            vm.Settings["video.height"] = res.Height.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await new DeviceBuilder(session, inventory, peerNic).AttachAsync(vm, spec, ct);
    }

    public const string GuestServiceSetting = "Msvm_GuestServiceInterfaceComponentSettingData";

    private static readonly (VmFault Fault, string SettingClass)[] FaultedServices =
    [
        (VmFault.NoKeyValueChannel, "Msvm_KvpExchangeComponentSettingData"),
        (VmFault.HeartbeatStopped, "Msvm_HeartbeatComponentSettingData"),
        (VmFault.ShutdownIgnored, "Msvm_ShutdownComponentSettingData"),
        (VmFault.BackupAgentFrozen, "Msvm_VssComponentSettingData"),
        (VmFault.GuestClockSkewed, "Msvm_TimeSyncComponentSettingData"),
    ];

    private async Task CreateDiskAsync(string name, (string, CimValue) type, (string, CimValue) extra, CancellationToken ct)
    {
        var settings = CimInstanceData.Create("Msvm_VirtualHardDiskSettingData",
            ("Path", CimValue.Of(session.Files.HostPath(name))), ("Format", CimValue.UInt16(name.EndsWith(".vhd", StringComparison.Ordinal) ? 2 : 3)), type, extra);
        var ims = await session.ServiceAsync("Msvm_ImageManagementService", ct);
        await session.InvokeAsync(ims, "CreateVirtualHardDisk", ct, null, new CimArgument("VirtualDiskSettingData", CimValue.Of(CimXml.Write(settings))));
    }
}

/// <summary>Memory settings in MB, multiples of 128 (hyperv-wmi.md §1.3): static, or dynamic with room to grow and shrink.</summary>
internal sealed record MemoryPlan(bool Dynamic, int RequestedMb)
{
    public static bool DynamicFor(HyperVInventory inventory, VmSpec spec) =>
        inventory.DynamicMemory && !spec.Has(VmFault.NoMemoryHotplugSlots) && !spec.Has(VmFault.NoBalloonDevice);

    public int StartupMb => RoundUp(RequestedMb);

    public int MinimumMb => Dynamic ? Math.Max(512, RoundDown(StartupMb / 2)) : StartupMb;

    public int MaximumMb => Dynamic ? StartupMb * 2 : StartupMb;

    public async Task ApplyAsync(VmContext vm, CancellationToken ct)
    {
        var memory = await vm.SettingAsync("Msvm_MemorySettingData", ct);
        await vm.Session.ModifyResourceAsync(memory.With(
            ("DynamicMemoryEnabled", CimValue.Of(Dynamic)),
            ("VirtualQuantity", CimValue.UInt64(StartupMb)),
            ("Reservation", CimValue.UInt64(Math.Min(MinimumMb, StartupMb))),
            ("Limit", CimValue.UInt64(MaximumMb))), ct);
        vm.Settings["memory.mode"] = Dynamic ? "dynamic" : "static";
        vm.Settings["memory.startup_mb"] = StartupMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        vm.Settings["memory.minimum_mb"] = MinimumMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        vm.Settings["memory.maximum_mb"] = MaximumMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int RoundUp(int mb) => (mb + 127) / 128 * 128;

    public static int RoundDown(int mb) => mb / 128 * 128;
}
