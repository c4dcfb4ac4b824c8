using System.Text.RegularExpressions;
using HvCert.Catalog;
using HvCert.Features;

namespace HvCert.Tests.Features;

/// <summary>
/// src/HvCert.Features/JUDGES.md, the reviewed table of what makes each judge say Supported and its negative control, has
/// exactly one row per registered judge (feature/os from ProbeRegistry.All), and each row's negative-control column names
/// the faults the probe declares, so the table cannot drift from the code.
/// </summary>
public sealed partial class JudgesTableTests
{
    private static readonly string Table = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "HvCert.Features", "JUDGES.md"));

    private static List<(string Feature, string Os, string Supported, string Control)> Rows() =>
        Row().Matches(Table).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value.Trim(), m.Groups[4].Value.Trim())).ToList();

    [Fact]
    public void Table_HasOneRowPerRegisteredJudge()
    {
        var registered = ProbeRegistry.All.Select(p => $"{p.FeatureId}/{(p.Os == OsFamily.FreeBsd ? "freebsd" : "linux")}").Order().ToList();
        var rows = Rows().Select(r => $"{r.Feature}/{r.Os}").ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Empty(registered.Except(rows));
        Assert.Empty(rows.Except(registered));
    }

    [Fact]
    public void EveryRow_SaysWhenItIsSupported_AndNamesTheDeclaredFaults()
    {
        foreach (var (feature, os, supported, control) in Rows())
        {
            var probe = ProbeRegistry.All.Single(p => p.FeatureId == feature && (p.Os == OsFamily.FreeBsd ? "freebsd" : "linux") == os);
            Assert.True(supported.Length > 20, $"{feature}/{os}: say what makes it Supported");
            var declared = probe.NegativeControl.Count == 0 ? "none" : string.Join(", ", probe.NegativeControl);
            Assert.StartsWith(declared + ":", control);
        }
    }

    [Fact]
    public void Readme_LinksTheTableFromTheVerdictSection() =>
        Assert.Contains("src/HvCert.Features/JUDGES.md", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));

    [GeneratedRegex(@"^\| ([a-z0-9.-]+\.[a-z0-9-]+) \| (linux|freebsd) \| (.+?) \| (.+?) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
