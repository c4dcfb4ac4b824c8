namespace HvCert.HyperV.Inventory;

/// <summary>The inventory file is wrong. The message names file:line:column and what to do; the CLI exits 2.</summary>
public sealed class InventoryException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public long Column { get; } = column;
}
