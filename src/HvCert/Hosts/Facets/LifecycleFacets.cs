namespace HvCert.Hosts.Facets;

// Host-side halves of probes. Each returns a HostActionResult that goes straight into the evidence.

/// <summary>Clean shutdown through the integration channel (Hyper-V Shutdown IC, QEMU ACPI powerdown). Observations: <c>clean</c>, <c>seconds</c>.</summary>
public interface IShutdownFacet
{
    Task<HostActionResult> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Observations: <c>alive</c> (true/false), <c>status</c>.</summary>
public interface IHeartbeatFacet
{
    Task<HostActionResult> QueryHeartbeatAsync(CancellationToken cancellationToken);
}

/// <summary>Host time service for the guest. Observations: <c>enabled</c>, <c>host_utc</c>.</summary>
public interface ITimeSyncFacet
{
    Task<HostActionResult> SetTimeSyncAsync(bool enabled, CancellationToken cancellationToken);

    /// <summary>Pushes the host clock into the guest once (guest-set-time, or time-sync IC sample).</summary>
    Task<HostActionResult> SyncNowAsync(CancellationToken cancellationToken);
}

/// <summary>Observations: <c>cpus_before</c>, <c>cpus_after</c>.</summary>
public interface ICpuHotAddFacet
{
    Task<HostActionResult> AddCpuAsync(CancellationToken cancellationToken);
}

/// <summary>Injects a non-maskable interrupt.</summary>
public interface INmiFacet
{
    Task<HostActionResult> InjectNmiAsync(CancellationToken cancellationToken);
}

/// <summary>Moves the running VM to another host process or machine. Observations: <c>downtime_ms</c>, <c>destination</c>.</summary>
public interface ILiveMigrationFacet
{
    Task<HostActionResult> MigrateAsync(CancellationToken cancellationToken);
}
