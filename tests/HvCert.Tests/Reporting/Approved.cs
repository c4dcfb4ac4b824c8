namespace HvCert.Tests.Reporting;

/// <summary>
/// Approved-file snapshots: compares output with tests/HvCert.Tests/Samples/approved/&lt;name&gt;. On a difference it writes
/// &lt;name&gt;.received beside it and fails; review, then copy .received over the approved file (or run with HVCERT_APPROVE=1).
/// </summary>
internal static class Approved
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "HvCert.Tests", "Samples", "approved");

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        var received = path + ".received";
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("HVCERT_APPROVE") == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No approved snapshot {path}. Review {received} and rename it to approve."
            : $"Output differs from {path}. Diff it against {received}; if the change is intended, copy it over the approved file.");
    }
}
