using System.Security.Cryptography;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>KVP exchange: VSMS.Add/Modify/RemoveKvpItems with embedded Msvm_KvpExchangeDataItem; reads the guest pools.</summary>
internal sealed class KeyValueFacet(VmContext vm) : IKeyValueFacet
{
    public Task<HostActionResult> WriteHostItemAsync(string key, string value, CancellationToken cancellationToken) =>
        RunAsync(vm, "AddKvpItems", async () =>
        {
            var existing = (await HostItemsAsync(cancellationToken)).Any(i => i.String("Name") == key);
            var method = existing ? "ModifyKvpItems" : "AddKvpItems";
            await Items(method, key, value, cancellationToken);
            return HostActionResult.Success(method, ("key", key), ("value", value));
        });

    public Task<HostActionResult> RemoveHostItemAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(vm, "RemoveKvpItems", async () =>
        {
            await Items("RemoveKvpItems", key, "", cancellationToken);
            return HostActionResult.Success("RemoveKvpItems", ("key", key));
        });

    /// <summary>
    /// Everything the guest reports: the intrinsic pool (its name, OS, addresses: Msvm_KvpExchangeComponent's
    /// GuestIntrinsicExchangeItems) and the items guest software added (GuestExchangeItems), the latter winning a clash.
    /// </summary>
    public Task<HostActionResult> ReadGuestItemsAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "ReadGuestItems", async () =>
        {
            var component = await vm.ComponentAsync("Msvm_KvpExchangeComponent", cancellationToken);
            var items = Parse(component.Strings("GuestIntrinsicExchangeItems").Concat(component.Strings("GuestExchangeItems")));
            return new HostActionResult("ReadGuestItems", true, items);
        });

    /// <summary>The auto pool the guest daemon fills: FullyQualifiedDomainName, OSName, NetworkAddressIPv4, IntegrationServicesVersion…</summary>
    public Task<HostActionResult> ReadIntrinsicItemsAsync(CancellationToken cancellationToken) =>
        ReadAsync("GuestIntrinsicExchangeItems", cancellationToken);

    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> embedded) =>
        embedded.Select(CimXml.Read).Where(i => i.String("Name") is not null)
            .GroupBy(i => i.String("Name")!).ToDictionary(g => g.Key, g => g.Last().String("Data") ?? "", StringComparer.Ordinal);

    private Task<HostActionResult> ReadAsync(string property, CancellationToken ct) =>
        RunAsync(vm, "Read" + property, async () =>
        {
            var component = await vm.ComponentAsync("Msvm_KvpExchangeComponent", ct);
            var items = Parse(component.Strings(property));
            return new HostActionResult("Read" + property, true, items);
        });

    private async Task<IReadOnlyList<CimInstanceData>> HostItemsAsync(CancellationToken ct)
    {
        var settings = await vm.SettingAsync("Msvm_KvpExchangeComponentSettingData", ct);
        return settings.Strings("HostExchangeItems").Select(CimXml.Read).ToList();
    }

    private async Task Items(string method, string key, string value, CancellationToken ct)
    {
        var item = CimInstanceData.Create("Msvm_KvpExchangeDataItem", ("Name", CimValue.Of(key)), ("Data", CimValue.Of(value)), ("Source", CimValue.UInt16(0)));
        await vm.Session.VsmsAsync(method, ct, null, new CimArgument("TargetSystem", CimValue.Ref(vm.SystemRef)),
            new CimArgument("DataItems", CimValue.Strings(CimXml.Write(item))));
    }
}

/// <summary>Stages the file on the host, then Msvm_GuestFileService.CopyFilesToGuest (Guest Service Interface is enabled at provisioning).</summary>
internal sealed class FileCopyFacet(VmContext vm) : IFileCopyFacet
{
    public Task<HostActionResult> CopyToGuestAsync(byte[] content, string guestPath, CancellationToken cancellationToken) =>
        RunAsync(vm, "CopyFilesToGuest", async () =>
        {
            var staged = $"{vm.Name}-{vm.RunId}-fcopy-{Guid.NewGuid():N}.bin";
            await vm.Session.Files.WriteAsync(staged, content, cancellationToken);
            vm.OwnedFiles.Add(staged);
            // Msvm_GuestFileService appears only some time after Guest Service Interface is enabled (and the guest daemon answers).
            var service = await vm.UntilComponentAsync("Msvm_GuestFileService", TimeSpan.FromMinutes(3), cancellationToken);
            var settings = CimInstanceData.Create("Msvm_CopyFileToGuestSettingData",
                ("SourcePath", CimValue.Of(vm.Session.Files.HostPath(staged))), ("DestinationPath", CimValue.Of(guestPath)),
                ("OverwriteExisting", CimValue.Of(true)), ("CreateFullPath", CimValue.Of(true)));
            await vm.Session.InvokeAsync(service.Ref, "CopyFilesToGuest", cancellationToken, TimeSpan.FromMinutes(10),
                new CimArgument("CopyFileToGuestSettings", CimValue.Strings(CimXml.Write(settings))));
            return HostActionResult.Success("CopyFilesToGuest", ("sha256", Convert.ToHexStringLower(SHA256.HashData(content))),
                ("bytes", Text(content.Length)), ("guest_path", guestPath));
        });
}

/// <summary>Msvm_SyntheticMouse.SetAbsolutePosition (runtime device, 2012+).</summary>
internal sealed class MouseFacet(VmContext vm) : IMouseFacet
{
    public Task<HostActionResult> MovePointerAsync(int x, int y, CancellationToken cancellationToken) =>
        RunAsync(vm, "SetAbsolutePosition", async () =>
        {
            var mouse = await vm.ComponentAsync("Msvm_SyntheticMouse", cancellationToken);
            await vm.Session.InvokeAsync(mouse.Ref, "SetAbsolutePosition", cancellationToken, null,
                new CimArgument("horizontalPosition", CimValue.SInt32(x)), new CimArgument("verticalPosition", CimValue.SInt32(y)));
            return HostActionResult.Success("SetAbsolutePosition", ("x", Text(x)), ("y", Text(y)));
        });
}

/// <summary>Current resolution from Msvm_VideoHead and a thumbnail through VSMS.GetVirtualSystemThumbnailImage.</summary>
internal sealed class VideoFacet(VmContext vm) : IVideoFacet
{
    public Task<HostActionResult> ScreenshotAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "GetVirtualSystemThumbnailImage", async () =>
        {
            var head = await vm.ComponentAsync("Msvm_VideoHead", cancellationToken);
            var width = head.Number("CurrentHorizontalResolution") ?? 0;
            var height = head.Number("CurrentVerticalResolution") ?? 0;
            var vssd = await vm.VssdAsync(cancellationToken);
            var image = await vm.Session.VsmsAsync("GetVirtualSystemThumbnailImage", cancellationToken, null,
                new CimArgument("TargetSystem", CimValue.Ref(vssd.Ref)), new CimArgument("WidthPixels", CimValue.UInt16(160)), new CimArgument("HeightPixels", CimValue.UInt16(120)));
            return HostActionResult.Success("GetVirtualSystemThumbnailImage", ("width", Text(width)), ("height", Text(height)),
                ("screenshot_bytes", Text(image.Out("ImageData")?.Items.Count ?? 0)));
        });
}

/// <summary>The VMBus devices this VM is offered, as the host configured them (integration components and their state).</summary>
internal sealed class DeviceBusFacet(VmContext vm, IReadOnlyList<OfferedDevice> offered) : IDeviceBusFacet
{
    public Task<HostActionResult> ListDevicesAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "ListDevices", () =>
        {
            var observations = offered.Select((d, i) => ($"dev.{i}", $"{d.Role} {d.Model}")).Prepend(("count", Text(offered.Count))).ToArray();
            return Task.FromResult(HostActionResult.Success("ListDevices", observations));
        });
}

/// <summary>VSSD firmware facts: subtype, Secure Boot and template, MMIO gaps.</summary>
internal sealed class FirmwareFacet(VmContext vm) : IFirmwareFacet
{
    public Task<HostActionResult> DescribeFirmwareAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "DescribeFirmware", async () =>
        {
            var vssd = await vm.VssdAsync(cancellationToken);
            return HostActionResult.Success("DescribeFirmware",
                ("firmware", vssd.String("VirtualSystemSubType") == "Microsoft:Hyper-V:SubType:2" ? "uefi" : "bios"),
                ("secure_boot", vssd.Bool("SecureBootEnabled") ? "on" : "off"),
                ("template", vssd.String("SecureBootTemplateId") ?? ""),
                ("low_mmio_gap_mb", Text(vssd.Number("LowMmioGapSize") ?? 0)),
                ("high_mmio_gap_mb", Text(vssd.Number("HighMmioGapSize") ?? 0)));
        });
}
