namespace HvCert.Baselines;

/// <summary>A published support table turned into data: one or more of Microsoft's per-distro pages.</summary>
public sealed record BaselineFile(IReadOnlyList<BaselinePage> Pages)
{
    public int CellCount => Pages.Sum(p => p.Rows.Sum(r => r.Cells.Count));
}

/// <summary>One page ("Supported Debian virtual machines on Hyper-V"): its release columns, feature rows and notes.</summary>
public sealed record BaselinePage(
    string Title,
    string Source,
    string Distro,
    IReadOnlyList<BaselineColumn> Columns,
    IReadOnlyList<BaselineRow> Rows,
    IReadOnlyDictionary<int, string> Notes);

/// <summary>A release column: its header as printed, the matrix target id it stands for, and its Availability cell.</summary>
public sealed record BaselineColumn(string Label, string Target, string Availability);

/// <summary>A feature row. <see cref="Line"/> is where it sits in the source page, for messages.</summary>
public sealed record BaselineRow(string FeatureId, string Name, string Hosts, int Line, IReadOnlyList<BaselineCell> Cells);

/// <summary>One published cell. <see cref="Missing"/> marks a row that had fewer cells than the header (read as blank).</summary>
public sealed record BaselineCell(string Target, BaselineMark Mark, IReadOnlyList<int> Notes, bool Missing = false);

public enum BaselineMark
{
    /// <summary>✔ (possibly with notes).</summary>
    Supported,

    /// <summary>A blank cell.</summary>
    NotSupported,

    /// <summary>N/A.</summary>
    NotApplicable,
}

public static class BaselineMarkNames
{
    public static string Token(this BaselineMark mark) => mark switch
    {
        BaselineMark.Supported => "supported",
        BaselineMark.NotSupported => "not-supported",
        _ => "not-applicable",
    };

    public static string Published(this BaselineMark mark) => mark switch
    {
        BaselineMark.Supported => "✔",
        BaselineMark.NotSupported => "blank",
        _ => "N/A",
    };
}
