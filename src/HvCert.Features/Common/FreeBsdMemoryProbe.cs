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

    /// <summary>The sysctl whose value must move: hw.physmem for hot-add/resize, hw.usermem for ballooning.</summary>
    protected abstract string Sysctl { get; }

    /// <summary>+1 when the host action must raise the value, -1 when it must lower it.</summary>
    protected abstract int Direction { get; }

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

        return Math.Sign(a - b) == Direction
            ? Verdict.Supported($"{Sysctl} {b / 1048576} MiB → {a / 1048576} MiB after host {change.Action}; {detail}")
            : Verdict.NotSupported($"{Sysctl} stayed {b / 1048576} → {a / 1048576} MiB after host {change.Action}");
    }
}
