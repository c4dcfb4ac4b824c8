using HvCert.Hosts;
using HvCert.Qemu.Qmp;

namespace HvCert.Qemu.Facets;

/// <summary>
/// Runs one host action and records it: a QMP or agent refusal becomes a failed <see cref="HostActionResult"/> with
/// QEMU's own words (evidence for the judge); a dead QEMU stays an <see cref="InfrastructureException"/> (an Error).
/// </summary>
internal static class FacetAction
{
    public static async Task<HostActionResult> RunAsync(string action, TimeProvider time, Func<Task<HostActionResult>> body)
    {
        var started = time.GetTimestamp();
        HostActionResult result;
        try
        {
            result = await body();
        }
        catch (QmpErrorException e)
        {
            result = HostActionResult.Failure(action, e.Message, ("error_class", e.ErrorClass));
        }
        catch (TimeoutException e)
        {
            result = HostActionResult.Failure(action, e.Message, (HvCert.Probes.InfrastructureFaults.TimedOutKey, "true"));
        }
        catch (InvalidOperationException e)
        {
            result = HostActionResult.Failure(action, e.Message);
        }

        return result with { Duration = time.GetElapsedTime(started) };
    }

    public static (string, string) Obs(string key, object? value) => (key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
}
