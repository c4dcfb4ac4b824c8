using System.Globalization;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// Dynamic memory on FreeBSD (hot-add, ballooning, runtime resize): the Dynamic Memory channel (525074dc) must be attached
/// to a driver, then the guest's view of memory (<see cref="Sysctl"/>) must move the way the host action says. FreeBSD has no
/// such driver, so on real guests the device shows as `unknown pnpinfo classid=525074dc…` and the judge says Not supported.
/// </summary>
internal abstract class FreeBsdMemoryProbe : FreeBsdGuestProbe
{
    public const int Before = 3;
    public const int Change = 4;
    public const int After = 5;

    /// <summary>The sysctl whose value must move: hw.physmem (usermem moves with any wiring, as MemAvailable does on Linux).</summary>
    protected abstract string Sysctl { get; }

    /// <summary>+1 when the host action must raise the value, -1 when it must lower it.</summary>
    protected abstract int Direction { get; }

    /// <summary>The suite parameter holding how many MiB the host changes (hot_add_mb, resize_mb, balloon_reclaim_mb).</summary>
    protected abstract string AmountParameter { get; }

    /// <summary>How far the guest's change may be from the host's (block rounding, reservations), as on Linux.</summary>
    public const long ToleranceMb = HvCert.Features.Memory.MemoryGrowthJudge.ToleranceKb / 1024;

    protected abstract ProbeStep HostChange();

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Before, "sysctl -n " + Sysctl, "guest memory before the host change"),
        HostChange(),
        new GuestCommand(After, "sleep 10; sysctl -n " + Sysctl, "guest memory after the host change"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.Balloon, out var detail, out var failure) || !evidence.Ran(Before, out var before, out failure)
            || !evidence.HostOk(Change, out var change, out failure) || !evidence.Ran(After, out var after, out failure))
        {
            return failure;
        }

        if (!long.TryParse(before.Stdout.Trim(), CultureInfo.InvariantCulture, out var b) || !long.TryParse(after.Stdout.Trim(), CultureInfo.InvariantCulture, out var a))
        {
            return Verdict.Error($"cannot read {Sysctl} ('{Judging.FirstLine(before.Stdout)}', '{Judging.FirstLine(after.Stdout)}')");
        }

        // The guest must move by about what the host asked, not merely in the right direction: a byte is no proof.
        var askedMb = evidence.ParamInt(AmountParameter, int.Parse(Defaults.GetValueOrDefault(AmountParameter, "0"), CultureInfo.InvariantCulture));
        var movedMb = (a - b) / 1048576.0 * Direction;
        var facts = $"{Sysctl} {b / 1048576} MiB → {a / 1048576} MiB after host {change.Action} asked for {(Direction > 0 ? "+" : "−")}{askedMb} MiB";
        return HvCert.Features.Memory.MemoryGrowthJudge.NearAsked((long)(movedMb * 1024), askedMb * 1024L)
            ? Verdict.Supported($"{facts}; {detail}")
            : Verdict.NotSupported($"{facts}: not within {ToleranceMb} MiB of the request");
    }
}
