namespace HvCert.Hosts.Facets;

/// <summary>Host↔guest key-value exchange. Write observations: <c>key</c>, <c>value</c>. Read observations: one entry per guest item.</summary>
public interface IKeyValueFacet
{
    Task<HostActionResult> WriteHostItemAsync(string key, string value, CancellationToken cancellationToken);

    Task<HostActionResult> ReadGuestItemsAsync(CancellationToken cancellationToken);
}

/// <summary>Copies a file into the guest without the network. Observations: <c>sha256</c>, <c>bytes</c>, <c>guest_path</c>.</summary>
public interface IFileCopyFacet
{
    Task<HostActionResult> CopyToGuestAsync(byte[] content, string guestPath, CancellationToken cancellationToken);
}

/// <summary>Moves or clicks the host-side pointer. Observations: <c>x</c>, <c>y</c>.</summary>
public interface IMouseFacet
{
    Task<HostActionResult> MovePointerAsync(int x, int y, CancellationToken cancellationToken);
}

/// <summary>Host view of the display. Observations: <c>width</c>, <c>height</c>, <c>screenshot_bytes</c>.</summary>
public interface IVideoFacet
{
    Task<HostActionResult> ScreenshotAsync(CancellationToken cancellationToken);
}

/// <summary>Host view of the device bus. Observations: <c>count</c>, and one <c>dev.N</c> per device.</summary>
public interface IDeviceBusFacet
{
    Task<HostActionResult> ListDevicesAsync(CancellationToken cancellationToken);
}

/// <summary>Registers a host socket service and connects to the guest listener. Observations: <c>port</c>, <c>echo</c>.</summary>
public interface IHostSocketFacet
{
    Task<HostActionResult> ConnectAsync(int port, string payload, CancellationToken cancellationToken);
}

/// <summary>Assigns a host PCI device to the VM. Observations: <c>pci</c>.</summary>
public interface IPciPassthroughFacet
{
    Task<HostActionResult> AssignDeviceAsync(CancellationToken cancellationToken);
}

/// <summary>Firmware facts of the VM as configured on the host. Observations: <c>firmware</c> (bios/uefi), <c>secure_boot</c>, <c>template</c>, <c>low_mmio_gap_mb</c>.</summary>
public interface IFirmwareFacet
{
    Task<HostActionResult> DescribeFirmwareAsync(CancellationToken cancellationToken);
}
