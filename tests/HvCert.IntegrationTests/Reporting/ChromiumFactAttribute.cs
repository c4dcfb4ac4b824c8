namespace HvCert.IntegrationTests.Reporting;

/// <summary>Runs only where a headless Chromium exists (.ci/run installs it with apt).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null)
        {
            Skip = "chromium is not installed: 'apt-get install chromium' (as .ci/run does) to load report.html in a real browser";
        }
    }
}
