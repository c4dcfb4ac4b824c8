using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Msvm_VirtualSystemSnapshotService. The checkpoint kind comes from the VSSD's UserSnapshotType (2 Disabled, 3 Production,
/// 4 ProductionOnly, 5 Standard; Msvm_VirtualSystemSettingData page): Production needs the guest's VSS/freeze and holds no
/// memory, so applying it leaves the VM Off and the next start cold-boots; Production falls back to Standard when the guest
/// cannot freeze, ProductionOnly fails instead; Standard saves memory, so applying it leaves the VM Saved (6) and start resumes.
/// SnapshotType 32768 asks for a recovery checkpoint (backup), which is always application-consistent or fails.
/// </summary>
public sealed partial class HyperVTwin
{
    private const string Vsss = "Msvm_VirtualSystemSnapshotService";

    private void RegisterSnapshots()
    {
        On(Vsss, "CreateSnapshot", c =>
        {
            var vm = VmOf(c.Ref("AffectedSystem"), c);
            var settings = c.Arg("SnapshotSettings") is { IsNull: false } ? c.EmbeddedOne("SnapshotSettings") : null;
            if (settings is not null && settings.ClassName != "Msvm_VirtualSystemSnapshotSettingData")
            {
                throw Refused.Invalid($"CreateSnapshot: SnapshotSettings must be Msvm_VirtualSystemSnapshotSettingData, not {settings.ClassName}");
            }

            var type = c.Number("SnapshotType") ?? 2;
            if (type is not (2 or 32768))
            {
                throw Refused.Invalid($"CreateSnapshot: SnapshotType {type} is not 2 (full) or 32768 (recovery)");
            }

            if (Options.CheckpointRefused)
            {
                throw new RefusedException(Refused.Failed, $"CreateSnapshot: checkpoints are disabled for '{vm.Name}' on {Name}");
            }

            var userType = vm.Vssd.Number("UserSnapshotType") ?? 3;
            var guestCanFreeze = vm.Booted(Clock.GetUtcNow()) && vm.Enabled("Msvm_VssComponentSettingData") && !Options.VssFrozen;
            var production = type == 32768 || userType is 3 or 4;
            if (userType == 2)
            {
                throw new RefusedException(Refused.Failed, $"CreateSnapshot: checkpoints are disabled for '{vm.Name}' (UserSnapshotType 2)");
            }

            if (production && vm.Running && !guestCanFreeze && (type == 32768 || userType == 4))
            {
                throw new RefusedException(Refused.Failed, $"CreateSnapshot: '{vm.Name}' could not take a production checkpoint: the guest's backup (VSS) service did not respond");
            }

            var saved = vm.Running && !(production && guestCanFreeze);
            return Job(c.Method, () =>
            {
                var id = "Microsoft:" + Guid.NewGuid().ToString().ToUpperInvariant();
                var kind = type == 32768 ? "Microsoft:Hyper-V:Snapshot:Recovery" : "Microsoft:Hyper-V:Snapshot:Realized";
                var frozen = stored.Values.Where(i => (i.String("InstanceID") ?? "").StartsWith(vm.Prefix + "\\", StringComparison.OrdinalIgnoreCase)).ToList();
                vm.Snapshots.Add(new TwinSnapshot(id, frozen, saved, kind));
                var snapshot = vm.Vssd.With(("InstanceID", CimValue.Of(id)), ("VirtualSystemType", CimValue.Of(kind)), ("ElementName", CimValue.Of($"{vm.Name} - checkpoint")));
                Store(snapshot);
                return [Ref(snapshot)];
            });
        });
        On(Vsss, "ApplySnapshot", c =>
        {
            var (vm, snapshot) = SnapshotOf(c.Ref("Snapshot"), c.Method);
            if (vm.Running)
            {
                throw new RefusedException(Refused.InvalidState, $"ApplySnapshot: '{vm.Name}' is running; turn it off first");
            }

            return Job(c.Method, () =>
            {
                foreach (var key in stored.Where(kv => (kv.Value.String("InstanceID") ?? "").StartsWith(vm.Prefix + "\\", StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Key).ToList())
                {
                    stored.Remove(key);
                }

                snapshot.Settings.ToList().ForEach(Store);
                // The VM's side of DDA assignments follows the restored settings (TwinDevices).
                stored.Where(kv => kv.Value.ClassName == "Msvm_PciExpress" && kv.Value.String("SystemName") == vm.Id).Select(kv => kv.Key).ToList().ForEach(k => stored.Remove(k));
                vm.Settings("Msvm_PciExpressSettingData").ToList().ForEach(p => StoreAssignment(vm, p));
                SetState(vm, snapshot.HasSavedState ? 6 : 3);
                return [Ref(vm.System)];
            });
        });
        On(Vsss, "DestroySnapshot", c =>
        {
            var (vm, snapshot) = SnapshotOf(c.Ref("AffectedSnapshot"), c.Method);
            return Job(c.Method, () =>
            {
                vm.Snapshots.Remove(snapshot);
                stored.Remove(TwinKeys.Identity("Msvm_VirtualSystemSettingData", k => snapshot.InstanceId));
                return [];
            });
        });
    }

    private (TwinVm Vm, TwinSnapshot Snapshot) SnapshotOf(CimRef reference, string method)
    {
        if (TwinKeys.CheckReference(reference) is { } problem)
        {
            throw Refused.Invalid($"{method}: {problem}");
        }

        foreach (var vm in Vms.Values)
        {
            if (vm.Snapshots.FirstOrDefault(s => string.Equals(s.InstanceId, reference.Key("InstanceID"), StringComparison.OrdinalIgnoreCase)) is { } found)
            {
                return (vm, found);
            }
        }

        throw Refused.Invalid($"{method}: no checkpoint {reference.Key("InstanceID")} on {Name}");
    }
}
