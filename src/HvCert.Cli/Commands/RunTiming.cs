namespace HvCert.Cli.Commands;

/// <summary>The closing time line of `hvcert run`: on a first run most of the wall time is the install and the image build, so say so.</summary>
internal static class RunTiming
{
    public static string Describe(TimeSpan total, IEnumerable<(string Phase, TimeSpan Took)> phases) =>
        $"took {Seconds(total)} in all ({string.Join(", ", phases.Select(p => $"{p.Phase} {Seconds(p.Took)}"))})";

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 10 ? $"{t.TotalSeconds:0.0}s" : $"{t.TotalSeconds:0}s";
}
