using System.Runtime.CompilerServices;
using HvCert.Hosts;

namespace HvCert.HyperV;

/// <summary>
/// The guard in front of Microsoft.Management.Infrastructure. MMI needs Windows' WMI stack (or libmi, which nothing here
/// ships), so on Linux or macOS, or when MMI cannot load, provisioning fails with this message instead of a
/// DllNotFoundException or TypeInitializationException. No MMI type is referenced here: only <see cref="Mmi.MmiProbe"/>
/// touches MMI, and only after the OS check passed.
/// </summary>
public static class HyperVAvailability
{
    public const string HowToRun =
        "Run hvcert on Windows, on the Hyper-V host itself or on a Windows machine with WinRM access to it: "
        + "from an elevated PowerShell in the repository, '.\\run.ps1 -Suite suites/full.yaml -Matrix matrices/hyperv-example.yaml "
        + "-Inventory my-inventory.yaml' (see README, \"Running on Hyper-V\"). From Linux, set 'protocol: ssh' on every host in the "
        + "inventory (README, \"Certify on Hyper-V from Linux\"), or use the lab backend: --backend qemu.";

    /// <summary>Null when the Hyper-V backend can run here, otherwise why not and what to do.</summary>
    public static string? WhyUnavailable(Func<bool>? isWindows = null, Func<string?>? probeMmi = null)
    {
        if (!(isWindows ?? OperatingSystem.IsWindows)())
        {
            return "The Hyper-V backend drives WMI through Microsoft.Management.Infrastructure, which works only on Windows "
                + $"(on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} its native part, libmi, is missing). " + HowToRun;
        }

        var mmiProblem = (probeMmi ?? ProbeMmi)();
        return mmiProblem is null ? null : $"Microsoft.Management.Infrastructure could not load: {mmiProblem}. " + HowToRun;
    }

    /// <summary>Throws the infrastructure error (exit code 3) with the clear message when the backend cannot run here.</summary>
    public static void EnsureAvailable(Func<bool>? isWindows = null, Func<string?>? probeMmi = null)
    {
        if (WhyUnavailable(isWindows, probeMmi) is { } why)
        {
            throw new InfrastructureException(why);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? ProbeMmi()
    {
        try
        {
            return Mmi.MmiProbe.TryLoad();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or FileNotFoundException
                                      or BadImageFormatException or EntryPointNotFoundException or TypeLoadException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
