using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace HvCert.Tests.HyperV.Templates;

/// <summary>
/// Synthetic test images (not captures): a small dual-boot disk in the Hyper-V template layout, made with the real
/// tools (mkfs.ext4 -d, mkfs.vfat + mcopy, qemu-img), so template check reads it the way it reads a real one.
/// </summary>
internal sealed class CraftedTemplate : IDisposable
{
    public const string Kernel = "6.1.0-9-amd64";
    private const long EspOffset = 1 << 20;
    private const long EspBytes = 40L << 20;
    private const long RootOffset = EspOffset + EspBytes;
    private const long RootBytes = 24L << 20;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "hvcert-crafted-" + Guid.NewGuid().ToString("N"));

    public string RootDir => Path.Combine(Dir, "rootfs");

    public CraftedTemplate() => Directory.CreateDirectory(RootDir);

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    /// <summary>A root file system that meets every requirement.</summary>
    public CraftedTemplate Good(IReadOnlyList<string>? initrdModules = null)
    {
        File("etc/os-release", "PRETTY_NAME=\"Crafted Linux 1 (synthetic)\"\nID=crafted\n");
        Link("lib", "usr/lib");
        File("usr/bin/cloud-init", "#!/bin/sh\n");
        File("etc/cloud/cloud.cfg", "datasource_list: [ Ec2, None ]\n");
        File("etc/cloud/cloud.cfg.d/90-nocloud.cfg", "datasource_list:\n  - NoCloud   # the seed\n  - None\n");
        File("usr/lib/systemd/system/cloud-init.service", "[Service]\nExecStart=/usr/bin/cloud-init init\n");
        Link("etc/systemd/system/cloud-init.target.wants/cloud-init.service", "/lib/systemd/system/cloud-init.service");
        File("usr/lib/systemd/system/hv-kvp-daemon.service", "[Service]\nExecStart=/usr/sbin/hv_kvp_daemon -n\n");
        File("usr/sbin/hv_kvp_daemon", "elf");
        Link("etc/systemd/system/multi-user.target.wants/hv-kvp-daemon.service", "/lib/systemd/system/hv-kvp-daemon.service");
        File("usr/lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D\n");
        File("usr/sbin/sshd", "elf");
        Link("etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        File("etc/ssh/sshd_config", "PasswordAuthentication no\n");
        Directory.CreateDirectory(Path.Combine(RootDir, "root/.ssh"));
        File("usr/lib/modules/" + Kernel + "/modules.builtin", "kernel/drivers/hid/hid-generic.ko\n");
        Bytes("boot/vmlinuz-" + Kernel, Pe(signedBy: "Debian Secure Boot Signer"));
        Bytes("boot/initrd.img-" + Kernel, Initrd(initrdModules ?? TemplateModules));
        return this;
    }

    public static IReadOnlyList<string> TemplateModules { get; } =
    [
        "drivers/hv/hv_vmbus.ko", "drivers/scsi/hv_storvsc.ko", "drivers/net/hyperv/hv_netvsc.ko", "drivers/hv/hv_utils.ko",
        "drivers/hv/hv_balloon.ko", "drivers/input/serio/hyperv-keyboard.ko", "drivers/hid/hid-hyperv.ko", "drivers/gpu/drm/hyperv/hyperv_drm.ko",
    ];

    public void File(string path, string text) => Bytes(path, Encoding.UTF8.GetBytes(text));

    public void Bytes(string path, byte[] content)
    {
        var full = Path.Combine(RootDir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
    }

    public void Link(string path, string target)
    {
        var full = Path.Combine(RootDir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.CreateSymbolicLink(full, target);
    }

    public void Delete(string path) => System.IO.File.Delete(Path.Combine(RootDir, path));

    /// <summary>Writes the disk (MBR with GRUB-like boot code, p1 ESP, p2 ext4) and converts it to <paramref name="format"/>.</summary>
    public string Write(string format = "qcow2", bool signedGrub = true, bool withEsp = true)
    {
        var ext4 = Path.Combine(Dir, "root.ext4");
        using (var f = System.IO.File.Create(ext4))
        {
            f.SetLength(RootBytes);
        }

        Run("mkfs.ext4", "-q", "-F", "-d", RootDir, ext4);
        var raw = Path.Combine(Dir, "disk.raw");
        using (var disk = System.IO.File.Create(raw))
        {
            disk.SetLength(RootOffset + RootBytes);
            var mbr = new byte[512];
            Encoding.ASCII.GetBytes("\xeb\x63\x90GRUB boot code (synthetic)").CopyTo(mbr, 0);
            Entry(mbr, 0, withEsp ? (byte)0xEF : (byte)0x0C, EspOffset, EspBytes);
            Entry(mbr, 1, 0x83, RootOffset, RootBytes);
            mbr[510] = 0x55;
            mbr[511] = 0xAA;
            disk.Write(mbr);
            if (withEsp)
            {
                disk.Position = EspOffset;
                disk.Write(Esp(signedGrub));
            }

            disk.Position = RootOffset;
            disk.Write(System.IO.File.ReadAllBytes(ext4));
        }

        if (format == "raw")
        {
            return raw;
        }

        var converted = Path.Combine(Dir, "disk." + format);
        Run("qemu-img", "convert", "-f", "raw", "-O", format, raw, converted);
        return converted;
    }

    private byte[] Esp(bool signedGrub)
    {
        var esp = Path.Combine(Dir, "esp.vfat");
        using (var f = System.IO.File.Create(esp))
        {
            f.SetLength(EspBytes);
        }

        Run("mkfs.vfat", "-F", "16", esp);
        var shim = Path.Combine(Dir, "shim.efi");
        var grub = Path.Combine(Dir, "grub.efi");
        System.IO.File.WriteAllBytes(shim, Pe(signedBy: "Microsoft Corporation UEFI CA 2011"));
        System.IO.File.WriteAllBytes(grub, Pe(signedBy: signedGrub ? "Debian Secure Boot CA" : null));
        Run("mmd", "-i", esp, "::/EFI", "::/EFI/BOOT");
        Run("mcopy", "-i", esp, shim, "::/EFI/BOOT/BOOTX64.EFI");
        Run("mcopy", "-i", esp, grub, "::/EFI/BOOT/grubx64.efi");
        return System.IO.File.ReadAllBytes(esp);
    }

    private static void Entry(byte[] mbr, int index, byte type, long offset, long bytes)
    {
        var e = 446 + (index * 16);
        mbr[e + 4] = type;
        BitConverter.GetBytes((uint)(offset / 512)).CopyTo(mbr, e + 8);
        BitConverter.GetBytes((uint)(bytes / 512)).CopyTo(mbr, e + 12);
    }

    /// <summary>A minimal PE32+ header whose certificate table holds <paramref name="signedBy"/> (or no table).</summary>
    public static byte[] Pe(string? signedBy)
    {
        var pe = new byte[0x400];
        pe[0] = (byte)'M';
        pe[1] = (byte)'Z';
        BitConverter.GetBytes(0x80).CopyTo(pe, 0x3c);
        Encoding.ASCII.GetBytes("PE\0\0").CopyTo(pe, 0x80);
        BitConverter.GetBytes((ushort)0x20b).CopyTo(pe, 0x98);
        if (signedBy is not null)
        {
            var cert = Encoding.ASCII.GetBytes("0\x82pkcs7 CN=" + signedBy);
            cert.CopyTo(pe, 0x200);
            BitConverter.GetBytes(0x200).CopyTo(pe, 0x98 + 112 + 32);
            BitConverter.GetBytes(cert.Length + 8).CopyTo(pe, 0x98 + 112 + 36);
        }

        return pe;
    }

    /// <summary>An uncompressed early cpio (microcode), then a gzip-compressed cpio with the modules, as initramfs-tools writes.</summary>
    public static byte[] Initrd(IEnumerable<string> modules)
    {
        using var output = new MemoryStream();
        output.Write(Cpio(["kernel", "kernel/x86", "kernel/x86/microcode", "kernel/x86/microcode/GenuineIntel.bin"]));
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Cpio(["usr", "usr/lib/modules/" + Kernel + "/modules.dep", .. modules.Select(m => $"usr/lib/modules/{Kernel}/kernel/{m}")]));
        }

        return output.ToArray();
    }

    /// <summary>A cpio "newc" archive of empty files (the format the kernel unpacks).</summary>
    public static byte[] Cpio(IEnumerable<string> names)
    {
        var sb = new MemoryStream();
        var ino = 1;
        foreach (var name in names.Append("TRAILER!!!"))
        {
            var header = $"070701{ino++:x8}{0x81a4:x8}{0:x8}{0:x8}{1:x8}{0:x8}{0:x8}{0:x8}{0:x8}{0:x8}{0:x8}{name.Length + 1:x8}{0:x8}";
            sb.Write(Encoding.ASCII.GetBytes(header + name + "\0"));
            while (sb.Length % 4 != 0)
            {
                sb.WriteByte(0);
            }
        }

        return sb.ToArray();
    }

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["MTOOLS_SKIP_CHECK"] = "1";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {err}");
        }
    }
}
