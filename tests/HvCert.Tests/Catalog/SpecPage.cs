using System.Text.RegularExpressions;

namespace HvCert.Tests.Catalog;

/// <summary>
/// The facts the tests take from Microsoft's "Feature Descriptions" page: its section headings and feature names in page
/// order, copied into Samples/spec/feature-names.md (first line names the page), so the tests never read outside the repository.
/// </summary>
internal static class SpecPage
{
    public static string Path { get; } = System.IO.Path.Combine(RepoPaths.Samples, "spec", "feature-names.md");

    /// <summary>(section heading, feature name) for every table row, in page order.</summary>
    public static IReadOnlyList<(string Section, string Name)> Rows { get; } = Read();

    public static IReadOnlyList<string> Names => Rows.Select(r => r.Name).ToList();

    private static List<(string, string)> Read()
    {
        var rows = new List<(string, string)>();
        var section = "";
        foreach (var line in File.ReadLines(Path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
            }
            else if (Regex.Match(line, @"^\|([^|*-][^|]*)\|$") is { Success: true } m)
            {
                rows.Add((section, m.Groups[1].Value));
            }
        }

        return rows;
    }
}
