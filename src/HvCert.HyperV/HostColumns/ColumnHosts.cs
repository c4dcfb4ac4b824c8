using HvCert.Catalog;
using HvCert.HyperV.Inventory;
using HvCert.Matrix;
using HvCert.Validation;

namespace HvCert.HyperV.HostColumns;

/// <summary>
/// Which inventory host runs a matrix host column: the one whose <c>version:</c> is the column's release. A column with no
/// such host is refused before anything runs (file:line:column of the column, exit 2): it never runs on another release's
/// host. The only host of an inventory may leave <c>version:</c> out while the matrix has one column; the release it reports
/// is then checked at run time like every declared one (<see cref="HostRoster"/>).
/// </summary>
public static class ColumnHosts
{
    /// <summary>The host for a column label ("2019", "2012r2"); null when the inventory has none for it.</summary>
    public static HyperVHost? HostFor(HyperVInventory inventory, string column)
    {
        if (!HostVersionNames.TryParse(column, out var release))
        {
            return null;
        }

        return inventory.ColumnHosts.FirstOrDefault(h => h.Version == release)
            ?? (inventory.ColumnHosts is [{ Version: null } only] ? only : null);
    }

    /// <summary>Every host column of <paramref name="matrix"/> that no inventory host serves, located at the column.</summary>
    public static IReadOnlyList<Diagnostic> Check(HyperVInventory inventory, TestMatrix matrix)
    {
        var problems = new List<Diagnostic>();
        var undeclared = inventory.ColumnHosts is [{ Version: null } lone] ? lone : null;
        foreach (var column in matrix.Hosts.Where(h => h.Version is not null))
        {
            var release = column.Version!.Value;
            if (inventory.ColumnHosts.Any(h => h.Version == release) || (undeclared is not null && matrix.Hosts.Count == 1))
            {
                continue;
            }

            var declared = string.Join(", ", inventory.ColumnHosts.Where(h => h.Version is not null).Select(h => $"{h.Name} = {h.Version!.Value.Display()}"));
            var problem = undeclared is not null
                ? $"host column \"{column.Label}\" has no host: the only host of {inventory.SourceFile}, {undeclared.Name}, declares no 'version:', so with {matrix.Hosts.Count} columns hvcert cannot tell which one it serves."
                : $"host column \"{column.Label}\" has no Hyper-V host: no host in {inventory.SourceFile} declares version: \"{column.Label}\" ({(declared.Length > 0 ? "declared: " + declared : "none declares a version")}).";
            problems.Add(new Diagnostic(matrix.File, column.Line, column.Column, problem,
                $"add a Windows Server {release.Display()} host to the inventory's 'hosts:' list with version: \"{column.Label}\" (checked at run time against "
                + $"the build the host reports, {WindowsServerBuilds.BuildOf(release)}), or remove \"{column.Label}\" from this matrix's hosts:. A column never runs on another release's host."));
        }

        return problems;
    }
}
