using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>Msvm_ImageManagementService over the twin's file table.</summary>
public sealed partial class HyperVTwin
{
    private const string Ims = "Msvm_ImageManagementService";

    private void RegisterStorage()
    {
        On(Ims, "CreateVirtualHardDisk", c =>
        {
            var s = c.EmbeddedOne("VirtualDiskSettingData");
            var path = s.String("Path") ?? throw Refused.Invalid("CreateVirtualHardDisk: Msvm_VirtualHardDiskSettingData.Path is required");
            var format = (int)(s.Number("Format") ?? 0);
            if (Files.ContainsKey(path))
            {
                throw new RefusedException(Refused.Failed, $"CreateVirtualHardDisk: the file '{path}' already exists");
            }

            // New-VHD: the format must match the extension (.vhd = VHD 2, .vhdx = VHDX 3).
            if (format != FormatOf(path))
            {
                throw Refused.Invalid($"CreateVirtualHardDisk: Msvm_VirtualHardDiskSettingData.Format {format} does not match the extension of '{path}'");
            }

            long size;
            string? parent = null;
            switch (s.Number("Type"))
            {
                case 2 or 3:
                    size = s.Number("MaxInternalSize") ?? 0;
                    if (size <= 0 || size % 512 != 0)
                    {
                        throw Refused.Invalid($"CreateVirtualHardDisk: Msvm_VirtualHardDiskSettingData.MaxInternalSize {size} must be a positive multiple of 512");
                    }

                    break;
                case 4:
                    parent = s.String("ParentPath") ?? throw Refused.Invalid("CreateVirtualHardDisk: a differencing disk (Type 4) needs ParentPath");
                    if (!Files.TryGetValue(parent, out var p))
                    {
                        throw new RefusedException(Refused.Failed, $"CreateVirtualHardDisk: the parent '{parent}' does not exist");
                    }

                    // A differencing disk has its parent's format (New-VHD -Differencing: "the parent and child must be the same format").
                    if (p.Format != format)
                    {
                        throw Refused.Invalid($"CreateVirtualHardDisk: differencing disk '{path}' (format {format}) must have the format of its parent '{parent}' (format {p.Format})");
                    }

                    size = p.MaxInternalSize;
                    break;
                default:
                    throw Refused.Invalid($"CreateVirtualHardDisk: Msvm_VirtualHardDiskSettingData.Type {s.Number("Type")} is not 2 (fixed), 3 (dynamic) or 4 (differencing)");
            }

            return Job(c.Method, () => { Files[path] = new TwinFile(path, format, size, parent, 4L << 20); return []; });
        });
        On(Ims, "ResizeVirtualHardDisk", c =>
        {
            var file = FileOf(c.Text("Path"), c.Method);
            var size = c.Number("MaxInternalSize") ?? 0;
            if (size < file.MaxInternalSize || size % 512 != 0)
            {
                throw Refused.Invalid($"ResizeVirtualHardDisk: MaxInternalSize {size} must be a multiple of 512 and not below {file.MaxInternalSize} (shrinking needs the guest's free space)");
            }

            // Online resize: only a VHDX on a SCSI controller of a running VM (Resize-VHD, "Online virtual hard disk resizing").
            if (AttachedTo(file.Path) is { } vm && vm.Running && (file.Format != 3 || !OnScsi(vm, file.Path)))
            {
                throw new RefusedException(Refused.InvalidState, $"ResizeVirtualHardDisk: '{file.Path}' is in use by running '{vm.Name}' and is not a VHDX on SCSI");
            }

            return Job(c.Method, () => { Files[file.Path] = file with { MaxInternalSize = size }; return []; });
        });
        On(Ims, "GetVirtualHardDiskSettingData", c =>
        {
            var f = FileOf(c.Text("Path"), c.Method);
            var data = CimInstanceData.Create("Msvm_VirtualHardDiskSettingData", ("Path", CimValue.Of(f.Path)), ("Format", CimValue.UInt16(f.Format)),
                ("Type", CimValue.UInt16(f.ParentPath is null ? 3 : 4)), ("MaxInternalSize", CimValue.UInt64(f.MaxInternalSize)), ("ParentPath", CimValue.Of(f.ParentPath)));
            return Done(("SettingData", CimValue.Of(CimXml.Write(data))));
        });
        On(Ims, "GetVirtualHardDiskState", c =>
        {
            var f = FileOf(c.Text("Path"), c.Method);
            var state = CimInstanceData.Create("Msvm_VirtualHardDiskState", ("FileSize", CimValue.UInt64(f.FileSize)), ("InUse", CimValue.Of(AttachedTo(f.Path) is { Running: true })),
                ("MinInternalSize", CimValue.UInt64(f.MaxInternalSize / 2)));
            return Done(("State", CimValue.Of(CimXml.Write(state))));
        });
    }

    internal static CimMethodResult Done(params (string Name, CimValue Value)[] outs) =>
        new(0, outs.ToDictionary(o => o.Name, o => o.Value, StringComparer.OrdinalIgnoreCase));

    private TwinFile FileOf(string? path, string method) =>
        path is not null && Files.TryGetValue(path, out var f) ? f : throw new RefusedException(32779, $"{method}: file '{path}' not found");

    private TwinVm? AttachedTo(string path) => Vms.Values.FirstOrDefault(vm => vm.Settings("Msvm_StorageAllocationSettingData")
        .Any(d => d.Strings("HostResource").Contains(path, StringComparer.OrdinalIgnoreCase)));

    private bool OnScsi(TwinVm vm, string path)
    {
        var disk = vm.Settings("Msvm_StorageAllocationSettingData").First(d => d.Strings("HostResource").Contains(path, StringComparer.OrdinalIgnoreCase));
        var drive = Find(CimRef.ParseWmiPath(disk.String("Parent")!));
        var controller = drive?.String("Parent") is { } p ? Find(CimRef.ParseWmiPath(p)) : null;
        return controller?.String("ResourceSubType") == "Microsoft:Hyper-V:Synthetic SCSI Controller";
    }
}
