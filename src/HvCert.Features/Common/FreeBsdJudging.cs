using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>Judge helpers shared by FreeBSD probes, which all start with `devinfo -rv` (step 1) and the boot log (step 2).</summary>
internal static class FreeBsdJudging
{
    public const int Devinfo = 1;
    public const int BootLog = 2;

    /// <summary>The two opening steps every FreeBSD probe runs.</summary>
    public static IReadOnlyList<ProbeStep> Opening() =>
    [
        new GuestCommand(Devinfo, FreeBsdCommands.Devinfo, "VMBus children with class ids and attached drivers"),
        new GuestCommand(BootLog, FreeBsdCommands.BootLog, "boot messages (driver attach lines, Hyper-V version)"),
    ];

    /// <summary>The offered device of <paramref name="role"/> is attached to its FreeBSD driver; otherwise the failure verdict.</summary>
    public static bool Bound(this ProbeEvidence evidence, DeviceRole role, out string detail, out Verdict failure)
    {
        detail = "";
        if (!evidence.Ran(Devinfo, out var devinfo, out failure))
        {
            return false;
        }

        var boot = evidence.Command(BootLog);
        var check = FreeBsdBinding.Check(evidence, role, devinfo, boot is { ExitCode: 0 } ? boot : null);
        detail = check.Detail;
        if (!check.Offered)
        {
            failure = Verdict.NotOffered(check.Detail);
            return false;
        }

        if (!check.Bound)
        {
            failure = Verdict.NotSupported(check.Detail);
            return false;
        }

        return true;
    }

    /// <summary>The FreeBSD VMBus devices (devinfo) for a judge that only needs the tree.</summary>
    public static DevinfoReport Tree(this ProbeEvidence evidence) =>
        DevinfoParser.Parse(evidence.Command(Devinfo)?.Stdout ?? "");

    /// <summary>The one interface a step printed with `ifconfig IF`, or null.</summary>
    public static IfconfigInterface? Interface(this ProbeEvidence evidence, int step) =>
        evidence.Command(step) is { } c && IfconfigParser.Parse(c.Stdout) is { Count: > 0 } all ? all[0] : null;
}
