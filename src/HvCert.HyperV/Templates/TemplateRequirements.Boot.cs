namespace HvCert.HyperV.Templates;

/// <summary>Services, keys, initramfs and the two boot paths.</summary>
internal sealed partial class TemplateRequirements
{
    private async Task<TemplateRequirement> ServiceAsync(string id, string what, Dictionary<string, string> wants, string[] units, string package)
    {
        var enabled = units.Where(wants.ContainsKey).ToList();
        if (enabled.Count == 0)
        {
            var installed = new List<string>();
            foreach (var unit in units)
            {
                if (await root.ExistsAsync("/lib/systemd/system/" + unit) || await root.ExistsAsync("/usr/lib/systemd/system/" + unit))
                {
                    installed.Add(unit);
                }
            }

            return new(id, what, false, installed.Count > 0
                ? $"{string.Join(", ", installed)} installed but not enabled: systemctl enable {installed[0]}"
                : $"none of {string.Join(", ", units)} is installed: install {package}");
        }

        var unitText = await root.ReadTextAsync($"/etc/systemd/system/{wants[enabled[0]]}/{enabled[0]}", 256 * 1024) ?? "";
        var exec = unitText.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))?[10..]
            .TrimStart('-', '@', '!', '+', ':').Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (exec is not null && exec.StartsWith('/') && !await root.ExistsAsync(exec))
        {
            return new(id, what, false, $"{enabled[0]} is enabled but its program {exec} is missing: install {package}");
        }

        return new(id, what, true, $"{string.Join(", ", enabled.Select(u => $"{wants[u]}/{u}"))}" + (exec is null ? "" : $" runs {exec}"));
    }

    private async Task<TemplateRequirement> NoHostKeysAsync()
    {
        const string what = "no SSH host keys baked in (cloud-init installs the host key hvcert pins)";
        var keys = (await root.ListAsync("/etc/ssh")).Select(e => e.Name)
            .Where(n => n.StartsWith("ssh_host_", StringComparison.Ordinal) && n.Contains("key", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return keys.Count == 0
            ? new("no-host-keys", what, true, "/etc/ssh has no ssh_host_* keys")
            : new("no-host-keys", what, false, $"/etc/ssh holds {string.Join(", ", keys)}: every VM would share them; delete them (rm /etc/ssh/ssh_host_*)");
    }

    private async Task<TemplateRequirement> NoAuthorizedKeysAsync()
    {
        const string what = "no authorized SSH keys baked in (the seed brings a fresh key per VM)";
        var homes = new List<string> { "/root" };
        homes.AddRange((await root.ListAsync("/home")).Where(e => e.IsDirectory).Select(e => "/home/" + e.Name));
        var found = new List<string>();
        foreach (var home in homes)
        {
            foreach (var name in new[] { "authorized_keys", "authorized_keys2" })
            {
                var path = $"{home}/.ssh/{name}";
                if ((await root.ReadTextAsync(path, 64 * 1024))?.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')) == true)
                {
                    found.Add(path);
                }
            }
        }

        return found.Count == 0
            ? new("no-authorized-keys", what, true, $"none in {string.Join(", ", homes)}")
            : new("no-authorized-keys", what, false, $"keys in {string.Join(", ", found)}: delete them");
    }

    private async Task<TemplateRequirement> InitramfsAsync()
    {
        var what = $"the Hyper-V drivers in the initramfs ({string.Join(", ", TemplateReport.HyperVModules)}; built into the kernel counts)";
        var kernels = (await boot.ListAsync(bootDir)).Select(e => e.Name).Where(n => n.StartsWith("vmlinuz-", StringComparison.Ordinal))
            .Select(n => n[8..]).Order(VersionOrder.Instance).ToList();
        if (kernels.Count == 0)
        {
            return new("initramfs", what, false, $"no kernel (vmlinuz-*) in {bootDir}");
        }

        Kernel = kernels[^1];
        var initrd = new[] { $"initrd.img-{Kernel}", $"initramfs-{Kernel}.img", $"initrd-{Kernel}" }.Select(n => $"{bootDir.TrimEnd('/')}/{n}").ToList();
        Directory.CreateDirectory(workDir);
        var local = Path.Combine(workDir, "initrd");
        string? found = null;
        foreach (var path in initrd)
        {
            if (await boot.DumpAsync(path, local))
            {
                found = path;
                break;
            }
        }

        if (found is null)
        {
            return new("initramfs", what, false, $"kernel {Kernel} has no initramfs ({string.Join(", ", initrd)})");
        }

        IReadOnlyList<string> names;
        try
        {
            names = await InitramfsListing.ListAsync(local, ct);
        }
        catch (InvalidDataException e)
        {
            return new("initramfs", what, false, $"{found} could not be read: {e.Message}");
        }
        finally
        {
            File.Delete(local);
        }

        var inInitrd = names.Select(ModuleName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var builtin = ((await root.ReadTextAsync($"/lib/modules/{Kernel}/modules.builtin", 4 << 20)) ?? "").Split('\n')
            .Select(ModuleName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = TemplateReport.HyperVModules.Where(m => !inInitrd.Contains(m) && !builtin.Contains(m)).ToList();
        var builtIn = TemplateReport.HyperVModules.Where(builtin.Contains).ToList();
        var detail = $"{found} ({names.Count} files)" + (builtIn.Count > 0 ? $"; built into {Kernel}: {string.Join(", ", builtIn)}" : "");
        return missing.Count == 0
            ? new("initramfs", what, true, detail)
            : new("initramfs", what, false, $"{detail}; missing: {string.Join(", ", missing)}: list them in /etc/initramfs-tools/modules "
                + "(or a dracut.conf.d add_drivers line) and rebuild the initramfs");
    }

    /// <summary><c>usr/lib/modules/6.1.0/kernel/drivers/hid/hid-hyperv.ko.xz</c> → <c>hid_hyperv</c>; null for other files.</summary>
    internal static string? ModuleName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..].Trim();
        var ko = name.IndexOf(".ko", StringComparison.Ordinal);
        return ko > 0 && (name.Length == ko + 3 || name[ko + 3] == '.') ? name[..ko].Replace('-', '_') : null;
    }

    private TemplateRequirement Gen1Boot()
    {
        const string what = "Gen1: boots from BIOS (boot code in the MBR, or a BIOS boot partition on GPT)";
        var code = mbr.AsSpan(0, 440).ContainsAnyExcept((byte)0);
        var grub = System.Text.Encoding.ASCII.GetString(mbr, 0, 440).Contains("GRUB", StringComparison.Ordinal);
        var biosBoot = partitions.Any(p => p.Kind == PartitionKind.BiosBoot);
        return code
            ? new("gen1-boot", what, true, (grub ? "GRUB boot code in the MBR" : "boot code in the MBR") + (biosBoot ? ", BIOS boot partition" : ""))
            : new("gen1-boot", what, false, "the MBR has no boot code: install GRUB for i386-pc (grub-install --target=i386-pc)");
    }
}
