using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Storage.LiveBackup.LiveBackupProbe;

namespace HvCert.Features.Storage.LiveBackup;

internal static class LiveBackupJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.BoundDevice(Inventory, DeviceRole.Backup, out var binding, out var failure, "backup channel to the guest"))
        {
            return failure;
        }

        if (!evidence.HostOk(Backup, out var backup, out failure))
        {
            return failure;
        }

        if (backup.Observation("consistent") != "true")
        {
            return Verdict.NotSupported($"the host's backup is not application-consistent (consistent={backup.Observation("consistent") ?? "missing"}, frozen={backup.Observation("frozen") ?? "missing"})");
        }

        var events = evidence.Command(Journal) is { } j ? FreezeLogParser.Parse(j.Stdout) : [];
        var froze = events.Any(e => e.Step == FreezeStep.Freeze && e.Ok);
        var thawed = FreezeLogParser.FrozeThenThawed(events) || evidence.Command(Writable) is { ExitCode: 0 };
        if (!froze)
        {
            return Verdict.NotSupported("the host reports a consistent backup but the guest journal shows no file-system freeze by its backup agent");
        }

        return thawed
            ? Verdict.Supported($"application-consistent backup ({backup.Observation("bytes") ?? "?"} bytes); guest {events.First(e => e.Step == FreezeStep.Freeze).Agent} froze and thawed the file systems; {binding.Detail}")
            : Verdict.NotSupported("the guest froze its file systems for the backup but they are not writable afterwards (no thaw)");
    }
}
