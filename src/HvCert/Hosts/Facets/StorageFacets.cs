namespace HvCert.Hosts.Facets;

/// <summary>Grows an attached data disk while the VM runs. Observations: <c>old_bytes</c>, <c>new_bytes</c>, <c>disk_serial</c>.</summary>
public interface IDiskResizeFacet
{
    Task<HostActionResult> GrowDataDiskAsync(long newSizeBytes, CancellationToken cancellationToken);
}

/// <summary>Host view of the data disk's allocation (qcow2 / VHDX file size). Observations: <c>allocated_bytes</c>.</summary>
public interface IDiskAllocationFacet
{
    Task<HostActionResult> ReadAllocationAsync(CancellationToken cancellationToken);
}

/// <summary>Application-consistent backup of the running VM. Observations: <c>consistent</c>, <c>frozen</c>, <c>bytes</c>.</summary>
public interface IBackupFacet
{
    Task<HostActionResult> BackupAsync(CancellationToken cancellationToken);
}

/// <summary>Observations: <c>wwnn</c>, <c>wwpn</c>.</summary>
public interface IFibreChannelFacet
{
    Task<HostActionResult> DescribeHbaAsync(CancellationToken cancellationToken);
}
