namespace HvCert.HyperV.Inventory;

/// <summary>The inventory file is wrong. The message names file:line:column and what to do; the CLI exits 2.</summary>
public sealed class InventoryException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public long Column { get; } = column;

    public string Problem { get; } = problem;

    /// <summary>The CLI's bad-input form: printed without a stack trace, exit code 2.</summary>
    public HvCert.Validation.InputException ToInputException() =>
        new([new HvCert.Validation.Diagnostic(File, (int)Math.Max(1, Line), (int)Math.Max(1, Column), Problem, "")]);
}
