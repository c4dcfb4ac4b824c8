using Microsoft.Management.Infrastructure.Options;

namespace HvCert.HyperV.Mmi;

/// <summary>Touches MMI once so a missing native part shows up here, inside the guard, and nowhere else.</summary>
internal static class MmiProbe
{
    /// <summary>Null when MMI loaded; the caller catches the loader exceptions.</summary>
    public static string? TryLoad()
    {
        using var options = new DComSessionOptions();
        return null;
    }
}
