using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Jobs;

namespace HvCert.HyperV.Facets;

/// <summary>
/// Runs one host action and times it. A Hyper-V method or job failure is an observation (the judge sees Ok=false and the
/// documented meaning); a broken CIM connection is an infrastructure error.
/// </summary>
internal static class FacetAction
{
    public static async Task<HostActionResult> RunAsync(VmContext vm, string action, Func<Task<HostActionResult>> body)
    {
        var started = vm.Session.Time.GetTimestamp();
        try
        {
            var result = await body();
            return result with { Duration = vm.Session.Time.GetElapsedTime(started) };
        }
        catch (HyperVException e) when (IsMalformedRequest(e))
        {
            // Invalid parameter / incorrect type: the host refused what we sent, so this is our defect, never a verdict.
            throw new InfrastructureException($"{action} on {vm.Session.Host.Address}: the host refused the request as malformed: {e.Message}", e);
        }
        catch (HyperVException e)
        {
            return HostActionResult.Failure(action, e.Message, ("error_kind", e.Kind.ToString())) with { Duration = vm.Session.Time.GetElapsedTime(started) };
        }
        catch (CimGatewayException e)
        {
            throw new InfrastructureException($"{action} on {vm.Session.Host.Address}: {e.Message}", e);
        }
    }

    public static bool IsMalformedRequest(HyperVException e) => e switch
    {
        HyperVMethodException m => m.Code is 4 or 32773 or 32776,
        HyperVJobFailedException j => j.ErrorCode is 32773 or 32776,
        _ => false,
    };

    public static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Text(bool value) => value ? "true" : "false";
}
