using System.Globalization;

namespace HvCert.HyperV.Cim;

/// <summary>
/// CIM datetime text (DMTF DSP0004 §5.2.4): a timestamp <c>yyyymmddHHMMSS.mmmmmmsUUU</c> (UTC offset in minutes) or an
/// interval <c>ddddddddHHMMSS.mmmmmm:000</c>. WMI refuses ISO-8601 in a datetime property.
/// </summary>
public static class CimDateTime
{
    public static string Format(DateTime value) =>
        value.ToUniversalTime().ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + "+000";

    public static string Format(TimeSpan interval) =>
        interval.Days.ToString("D8", CultureInfo.InvariantCulture) + interval.ToString(@"hhmmss\.ffffff", CultureInfo.InvariantCulture) + ":000";

    /// <summary>A DateTime (UTC) for a timestamp, a TimeSpan for an interval.</summary>
    public static object Parse(string text)
    {
        if (text.Length != 25)
        {
            throw new FormatException($"'{text}' is not a CIM datetime");
        }

        if (text[21] == ':')
        {
            return new TimeSpan(int.Parse(text[..8], CultureInfo.InvariantCulture), int.Parse(text[8..10], CultureInfo.InvariantCulture),
                int.Parse(text[10..12], CultureInfo.InvariantCulture), int.Parse(text[12..14], CultureInfo.InvariantCulture))
                + TimeSpan.FromTicks(long.Parse(text[15..21], CultureInfo.InvariantCulture) * 10);
        }

        var local = DateTime.ParseExact(text[..21], "yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var offsetMinutes = int.Parse(text[21..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return DateTime.SpecifyKind(local.AddMinutes(-offsetMinutes), DateTimeKind.Utc);
    }
}
