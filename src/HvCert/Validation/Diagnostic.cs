namespace HvCert.Validation;

/// <summary>One problem in an input file: where it is, what is wrong, and what to do about it.</summary>
/// <param name="File">The file, or "hvcert VERB" for a command-line option (then Line is 0).</param>
/// <param name="Line">1-based line; 1 for whole-file problems such as a missing or empty file; 0 for command-line options.</param>
/// <param name="Column">1-based column.</param>
public sealed record Diagnostic(string File, int Line, int Column, string Message, string Fix)
{
    public override string ToString()
    {
        var where = Line == 0 ? File : $"{File}:{Line}:{Column}";
        return Fix.Length == 0 ? $"{where}: error: {Message}" : $"{where}: error: {Message} Fix: {Fix}";
    }

    /// <summary>A bad command-line option value (no file to point at).</summary>
    public static Diagnostic Option(string verb, string message, string fix) => new($"hvcert {verb}", 0, 0, message, fix);
}

/// <summary>
/// Bad input: the CLI prints <see cref="Diagnostics"/> (never the stack trace) and exits 2 without writing anything.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public InputException()
        : this([])
    {
    }

    public InputException(string message)
        : this([new Diagnostic("<input>", 1, 1, message, "")])
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [new Diagnostic("<input>", 1, 1, message, "")];
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
