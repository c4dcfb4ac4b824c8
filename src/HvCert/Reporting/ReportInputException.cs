namespace HvCert.Reporting;

/// <summary>Bad input to a report, baseline or diff: names the place and what to do. The CLI maps it to exit code 2.</summary>
public sealed class ReportInputException(string file, int line, int column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
}
