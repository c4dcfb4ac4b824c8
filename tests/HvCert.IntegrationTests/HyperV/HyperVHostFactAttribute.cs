using HvCert.HyperV;

namespace HvCert.IntegrationTests.HyperV;

/// <summary>
/// Runs only on Windows with the Hyper-V role and an inventory in HVCERT_HYPERV_INVENTORY; skips elsewhere with that reason.
/// </summary>
public sealed class HyperVHostFactAttribute : FactAttribute
{
    public HyperVHostFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "needs Windows with the Hyper-V role (this is " + System.Runtime.InteropServices.RuntimeInformation.OSDescription + ")";
        }
        else if (HyperVAvailability.WhyUnavailable() is { } why)
        {
            Skip = why;
        }
        else if (!Directory.Exists(@"C:\Windows\System32\wbem") || Environment.GetEnvironmentVariable("HVCERT_HYPERV_INVENTORY") is null)
        {
            Skip = "needs the Hyper-V role and HVCERT_HYPERV_INVENTORY pointing at an inventory file (see README, Running on Hyper-V)";
        }
    }

    public static string InventoryPath => Environment.GetEnvironmentVariable("HVCERT_HYPERV_INVENTORY")!;
}
