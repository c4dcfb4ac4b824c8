namespace HvCert.HyperV.Cim;

/// <summary>Builds WQL text; every literal goes through <see cref="Quote"/> (WQL escapes backslash and quote with a backslash).</summary>
public static class Wql
{
    public static string Quote(string value) =>
        "'" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal) + "'";

    public static string Select(string className) => $"SELECT * FROM {className}";

    public static string Where(string className, string property, string value) =>
        $"SELECT * FROM {className} WHERE {property} = {Quote(value)}";

    /// <summary>Settings of one VM: os-win's <c>InstanceID LIKE 'Microsoft:&lt;guid&gt;%'</c> idiom.</summary>
    public static string SettingsOf(string className, string vmId) =>
        $"SELECT * FROM {className} WHERE InstanceID LIKE {Quote($"Microsoft:{vmId}%")}";
}
