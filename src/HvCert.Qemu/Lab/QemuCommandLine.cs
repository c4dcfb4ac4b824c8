using HvCert.Hosts;

namespace HvCert.Qemu.Lab;

/// <summary>
/// Builds the QEMU command line of one lab VM: the base device profile (cheap devices always present, so a saved
/// state can be restored) minus whatever the spec's <see cref="VmFault"/>s remove. Pure, so it is unit-tested.
/// </summary>
internal static class QemuCommandLine
{
    public const string DataDriveId = "data0";
    public const string RootDriveId = "root0";
    public const string BalloonId = "balloon0";
    public const string VirtioMemId = "vmem0";
    public const string PeerNicId = "nic1";

    public static IReadOnlyList<string> Build(LaunchOptions o)
    {
        var a = new List<string>
        {
            "-name", $"{o.QemuName},process={o.QemuName}",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-machine", Machine(o),
            "-smp", o.Has(VmFault.SingleCpu) ? "1,maxcpus=1" : $"{o.Spec.Cpus},maxcpus={LaunchOptions.MaxCpus}",
            "-m", o.MemoryHotplug ? $"{Memory(o)},slots={LaunchOptions.MemSlots},maxmem={LaunchOptions.MaxMemMb}M" : Memory(o),
            "-pidfile", o.Files.PidFile,
            "-serial", $"file:{o.Files.SerialLog}",
            "-qmp", $"unix:{o.Files.QmpSocket},server=on,wait=off",
        };
        a.InsertRange(a.IndexOf("-smp"), o.Accelerator == Accel.Accelerator.Kvm ? ["-accel", "kvm", "-cpu", "host"] : ["-accel", TcgAccel]);
        if (o.Uefi)
        {
            a.AddRange(["-global", "driver=cfi.pflash01,property=secure,value=on",
                "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={o.Firmware.Code}",
                "-drive", $"if=pflash,format=qcow2,unit=1,file={o.Files.OvmfVars}"]);
        }

        if (o.Has(VmFault.GuestClockSkewed))
        {
            a.AddRange(["-rtc", $"base={DateTime.UtcNow.AddMinutes(-5):yyyy-MM-ddTHH:mm:ss}"]);
        }

        a.AddRange(["-drive", $"file={o.Files.Overlay},if=none,id={RootDriveId},format=qcow2,discard=unmap",
            "-device", $"virtio-blk-pci,drive={RootDriveId},id=rootdisk,bootindex=0"]);
        a.AddRange(["-device", "virtio-scsi-pci,id=scsi0",
            "-drive", $"file={o.Files.DataDisk},if=none,id={DataDriveId},format=qcow2,discard={(o.Has(VmFault.DiscardIgnored) ? "ignore" : "unmap")}",
            "-device", $"scsi-hd,bus=scsi0.0,drive={DataDriveId},id=datadisk,serial=hvcert-data" + (o.Has(VmFault.NoWwn) ? "" : $",wwn={o.DataWwn}")]);
        a.AddRange(["-netdev", $"user,id=net0,hostfwd=tcp:127.0.0.1:{o.SshPort}-:22",
            "-device", $"virtio-net-pci,netdev=net0,id=nic0,mac={o.Mac}{Offloads(o)}"]);
        if (o.PeerTap is not null)
        {
            var queues = o.Has(VmFault.SingleQueueNic) ? 1 : o.PeerQueues;
            a.AddRange(["-netdev", $"tap,id=net1,ifname={o.PeerTap},script=no,downscript=no,vhost=off" + (queues > 1 ? $",queues={queues}" : ""),
                "-device", $"virtio-net-pci,netdev=net1,id={PeerNicId},mac={o.PeerMac},host_mtu=9000"
                    + (queues > 1 ? $",mq=on,vectors={(2 * queues) + 2}" : "") + Offloads(o)]);
        }

        if (!o.Has(VmFault.NoGuestAgent) && !o.Has(VmFault.HeartbeatStopped) && !o.Has(VmFault.NoKeyValueChannel))
        {
            a.AddRange(["-device", "virtio-serial-pci,id=vser0",
                "-chardev", $"socket,path={o.Files.AgentSocket},server=on,wait=off,id=qga0",
                "-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0"]);
        }

        if (!o.Has(VmFault.NoBalloonDevice))
        {
            a.AddRange(["-device", $"virtio-balloon-pci,id={BalloonId}"]);
        }

        if (o.MemoryHotplug)
        {
            a.AddRange(["-object", $"memory-backend-ram,id=vmemback0,size={LaunchOptions.VirtioMemRegionMb}M",
                "-device", $"virtio-mem-pci,id={VirtioMemId},memdev=vmemback0,requested-size=0,block-size=2M"]);
        }

        if (!o.Has(VmFault.NoVideoDevice))
        {
            // bochs-display on Gen2 too: with virtio-vga, Gen2 guests often crashed right after an incoming live migration
            // (kernel jumping to a null or data address from its timer interrupt; virtio_gpu loaded); with bochs-display
            // 3 of 3 Gen2 migration tests held (2026-11-26). OVMF drives it through QemuVideoDxe.
            a.AddRange(["-device", "bochs-display,id=video0"]);
        }

        if (!o.Has(VmFault.NoMouseDevice))
        {
            a.AddRange(["-device", "virtio-tablet-pci,id=tablet0"]);
        }

        a.AddRange(["-device", "pvpanic"]);
        if (o.Uefi)
        {
            for (var port = 1; port <= 3; port++)
            {
                a.AddRange(["-device", $"pcie-root-port,id=rp{port},chassis={port},slot={port}"]);
            }
        }

        a.AddRange(["-fw_cfg", $"name=opt/hvcert/authorized_key,file={o.AuthorizedKeyFile}",
            "-fw_cfg", $"name=opt/hvcert/host_key,file={o.Files.HostKey}"]);
        if (o.IncomingPort is { } incoming)
        {
            a.AddRange(["-incoming", $"tcp:127.0.0.1:{incoming}"]);
        }

        return a;
    }

    // One TCG thread for every VM. Guests sometimes crash right after a restored state (incoming live migration, or
    // loadvm on Gen2), the kernel running into corrupted memory from its timer interrupt, as if pages dirtied during
    // the copy were missed. On 2026-11-26, with a thread per vCPU: 3 of 5 Gen2 and 2 of 6 Gen1 migrations crashed;
    // with one thread: 1 of 5 Gen2 migrations (and 0 of 10 reverts). Fewer, not none: runs retry such a cell once on a
    // fresh VM. The missed pages were QEMU's (see TcgRamShortfallKb). A boot costs about 6 s more on one thread. Under KVM (chosen only after a test boot proved it) every
    // vCPU has its own thread and the guest sees the host's CPU model.
    private const string TcgAccel = "tcg,thread=single";

    // Under TCG the base RAM is 8 KiB short of the spec (QEMU rounds -m to 8 KiB). QEMU before 9.0 (the lab's 7.2 from
    // Debian 12 among them: its changelog lists no backport of upstream 03bfc2188f) loses guest stores during a live
    // migration: the fast path of the dirty-bitmap sync clears 64 pages at a time and leaves the TCG TLB entries that were
    // made while those pages were dirty in place, so later stores through them mark nothing and the destination receives
    // stale pages (kernel list corruption, a jump to a bad address from the timer interrupt). That fast path is taken
    // only when the RAM block is a multiple of 64 pages (256 KiB); any other size takes the per-page path, which resets
    // the TLB entries. Short, not long: the guest never gets more than asked, and the hot-plug area (maxmem less RAM)
    // only grows. KVM tracks dirty pages itself and gets the exact size.
    internal const int TcgRamShortfallKb = 8;

    private static string Memory(LaunchOptions o) =>
        o.Accelerator == Accel.Accelerator.Kvm ? $"{o.Spec.EffectiveMemoryMb}" : $"{(o.Spec.EffectiveMemoryMb * 1024L) - TcgRamShortfallKb}K";

    private static string Machine(LaunchOptions o)
    {
        var machine = o.Uefi ? "q35,smm=on" : "pc";
        return o.Has(VmFault.NoMmioGapSetting) ? machine : $"{machine},max-ram-below-4g={LaunchOptions.LowRamMb}M";
    }

    private static string Offloads(LaunchOptions o) =>
        o.Has(VmFault.OffloadsDisabled) ? ",csum=off,guest_csum=off,host_tso4=off,host_tso6=off,guest_tso4=off,guest_tso6=off" : "";
}
