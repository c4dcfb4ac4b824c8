using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV.HostColumns;

/// <summary>
/// The backend's hosts: one session per inventory host, opened on first use, and each host's own report of which Windows
/// Server release it runs, read once (Win32_OperatingSystem) and checked against the inventory's <c>version:</c> and against
/// the column asked of it. A host that contradicts either is an infrastructure error naming the host, for every VM of that
/// column: the run's other columns go on, and no verdict is ever reached on the wrong release.
/// </summary>
internal sealed class HostRoster(HyperVInventory inventory, Func<HyperVHost, ICimGateway> connect, TimeProvider time, TimeSpan pollInterval)
{
    private readonly Dictionary<HyperVHost, HostSession> sessions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<HyperVHost, Task<(HostPlacement Placement, HostVersion? Release)>> reports = new(ReferenceEqualityComparer.Instance);

    public HostSession Session(HyperVHost host)
    {
        lock (sessions)
        {
            if (!sessions.TryGetValue(host, out var session))
            {
                sessions[host] = session = new HostSession(connect(host), host, time, pollInterval);
            }

            return session;
        }
    }

    public IReadOnlyList<HostSession> Opened
    {
        get { lock (sessions) { return sessions.Values.ToList(); } }
    }

    /// <summary>The session and reported identity of the host serving <paramref name="column"/> (null: the first host, unchecked column).</summary>
    public async Task<(HostSession Session, HostPlacement Placement)> ForColumnAsync(string? column, CancellationToken ct)
    {
        var host = column is null ? inventory.Host : ColumnHosts.HostFor(inventory, column) ?? throw new InfrastructureException(
            $"the matrix column \"{column}\" has no host in {inventory.SourceFile}: add a host with version: \"{column}\" to its hosts: list, or remove the column; it is never run on another host");
        if (column is null && host.Version is null)
        {
            // Nothing to check (a VM outside a plan, on an inventory that claims no release): a host that cannot say is no error.
            return (Session(host), await TryReportAsync(host, ct));
        }

        var (placement, release) = await ReportAsync(host, ct);
        if (host.Version is { } declared && release != declared)
        {
            throw new InfrastructureException($"host {host.Name} ({host.Address}) reports {Reported(placement, release)}, but {inventory.SourceFile} declares "
                + $"version: \"{WindowsServerBuilds.ColumnOf(declared)}\" for it; correct 'version:' for this host or name the right host (nothing ran on {host.Name})");
        }

        if (column is not null && (!HostVersionNames.TryParse(column, out var wanted) || release != wanted))
        {
            throw new InfrastructureException($"the matrix column \"{column}\" would run on host {host.Name} ({host.Address}), which reports {Reported(placement, release)}; "
                + $"give the column a host that runs that release (nothing ran on {host.Name})");
        }

        return (Session(host), placement);
    }

    /// <summary>What a host says it runs, read once per host (a failed read is retried on the next VM).</summary>
    public Task<(HostPlacement Placement, HostVersion? Release)> ReportAsync(HyperVHost host, CancellationToken ct)
    {
        lock (reports)
        {
            if (!reports.TryGetValue(host, out var report) || report.IsFaulted || report.IsCanceled)
            {
                reports[host] = report = ReadAsync(Session(host), ct);
            }

            return report;
        }
    }

    private async Task<HostPlacement> TryReportAsync(HyperVHost host, CancellationToken ct)
    {
        try
        {
            return (await ReportAsync(host, ct)).Placement;
        }
        catch (Exception e) when (e is InfrastructureException or CimGatewayException or Jobs.HyperVException)
        {
            return new HostPlacement(host.Name, "not reported", "unknown");
        }
    }

    private static async Task<(HostPlacement, HostVersion?)> ReadAsync(HostSession session, CancellationToken ct)
    {
        var os = await session.Gateway.QueryAsync(@"root\cimv2", "SELECT * FROM Win32_OperatingSystem", ct) is { Count: > 0 } o ? o[0]
            : throw new InfrastructureException($"host {session.Host.Name} ({session.Host.Address}) returned no Win32_OperatingSystem, so its Windows release is unknown");
        var build = os.String("BuildNumber") ?? "";
        var productType = os.Number("ProductType") is { } p ? (uint?)p : null;
        var release = WindowsServerBuilds.ReleaseOf(build, productType);
        var shown = release is { } r ? r.Display() : productType == 1 ? "a Windows client, no Server release" : "no Windows Server release hvcert knows";
        return (new HostPlacement(session.Host.Name, shown, build.Length > 0 ? build : "unknown"), release);
    }

    private static string Reported(HostPlacement placement, HostVersion? release) =>
        release is { } r ? $"build {placement.Build} = Windows Server {r.Display()}" : $"build {placement.Build} ({placement.Release})";

    public async ValueTask DisposeAsync()
    {
        foreach (var session in Opened)
        {
            await session.Gateway.DisposeAsync();
        }
    }
}
