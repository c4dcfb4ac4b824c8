using System.Text.RegularExpressions;

namespace HvCert.HyperV.Templates;

/// <summary>The checks of one template, in the order <c>hvcert template check</c> prints them (see TEMPLATES.md).</summary>
internal sealed partial class TemplateRequirements(
    Ext4Volume root, Ext4Volume boot, string bootDir, EspVolume? esp, byte[] mbr, IReadOnlyList<Partition> partitions, string workDir, CancellationToken ct)
{
    public string? Kernel { get; private set; }

    public async Task<IReadOnlyList<TemplateRequirement>> AllAsync()
    {
        var wants = await EnabledUnitsAsync();
        var list = new List<TemplateRequirement>
        {
            await CloudInitAsync(wants),
            await NoCloudAsync(),
            await ServiceAsync("kvp-daemon", "hv_kvp_daemon installed and its unit enabled (the host learns the guest's address through KVP)",
                wants, ["hv-kvp-daemon.service", "hv_kvp_daemon.service", "hypervkvpd.service"], "hyperv-daemons (Debian) or linux-cloud-tools-* (Ubuntu)"),
            await ServiceAsync("sshd", "an SSH server installed and enabled", wants, ["ssh.service", "sshd.service", "ssh.socket", "sshd.socket"], "openssh-server"),
            await NoHostKeysAsync(),
            await NoAuthorizedKeysAsync(),
        };
        list.Add(await InitramfsAsync());
        list.Add(Gen1Boot());
        list.AddRange(await Gen2Async());
        return list;
    }

    /// <summary>Unit names enabled through any /etc/systemd/system/*.wants folder, with where each was found.</summary>
    private async Task<Dictionary<string, string>> EnabledUnitsAsync()
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in (await root.ListAsync("/etc/systemd/system")).Where(e => e.IsDirectory && e.Name.EndsWith(".wants", StringComparison.Ordinal)))
        {
            foreach (var unit in await root.ListAsync("/etc/systemd/system/" + dir.Name))
            {
                units.TryAdd(unit.Name, dir.Name);
            }
        }

        return units;
    }

    private async Task<TemplateRequirement> CloudInitAsync(Dictionary<string, string> wants)
    {
        const string what = "cloud-init installed and enabled (it applies hvcert's NoCloud seed: the SSH user, key and pinned host key)";
        if (!await root.ExistsAsync("/usr/bin/cloud-init"))
        {
            return new("cloud-init", what, false, "no /usr/bin/cloud-init: install the cloud-init package");
        }

        if (await root.ExistsAsync("/etc/cloud/cloud-init.disabled"))
        {
            return new("cloud-init", what, false, "/etc/cloud/cloud-init.disabled exists: remove it");
        }

        var enabled = wants.Where(w => w.Key.StartsWith("cloud-init", StringComparison.Ordinal) || w.Key is "cloud-config.service" or "cloud-final.service")
            .Select(w => $"{w.Value}/{w.Key}").Order(StringComparer.Ordinal).ToList();
        return enabled.Count > 0
            ? new("cloud-init", what, true, "enabled: " + string.Join(", ", enabled))
            : new("cloud-init", what, false, "installed but no cloud-init unit is enabled: systemctl enable cloud-init-local cloud-init cloud-config cloud-final");
    }

    private async Task<TemplateRequirement> NoCloudAsync()
    {
        const string what = "the NoCloud datasource enabled (datasource_list in /etc/cloud/cloud.cfg{,.d/*.cfg})";
        if (!await root.ExistsAsync("/usr/bin/cloud-init"))
        {
            return new("nocloud", what, false, "cloud-init is not installed");
        }

        var files = new List<string> { "/etc/cloud/cloud.cfg" };
        files.AddRange((await root.ListAsync("/etc/cloud/cloud.cfg.d")).Where(e => e.Name.EndsWith(".cfg", StringComparison.Ordinal))
            .Select(e => "/etc/cloud/cloud.cfg.d/" + e.Name).Order(StringComparer.Ordinal));
        (string File, IReadOnlyList<string> List)? last = null;
        foreach (var file in files)
        {
            if (await root.ReadTextAsync(file, 1 << 20) is { } text && DatasourceList(text) is { } list)
            {
                last = (file, list);
            }
        }

        if (last is null)
        {
            return new("nocloud", what, true, "no datasource_list set: cloud-init's default list, which includes NoCloud");
        }

        var names = string.Join(", ", last.Value.List);
        return last.Value.List.Contains("NoCloud", StringComparer.Ordinal)
            ? new("nocloud", what, true, $"datasource_list [{names}] in {last.Value.File}")
            : new("nocloud", what, false, $"datasource_list [{names}] in {last.Value.File} has no NoCloud: add it, e.g. datasource_list: [ NoCloud, None ]");
    }

    /// <summary>The datasource_list a cloud.cfg file sets (flow <c>[a, b]</c> or block <c>- a</c> form), or null.</summary>
    internal static IReadOnlyList<string>? DatasourceList(string yaml)
    {
        var lines = yaml.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var m = DatasourceKey().Match(lines[i]);
            if (!m.Success)
            {
                continue;
            }

            var rest = m.Groups[1].Value.Split('#')[0].Trim();
            if (rest.StartsWith('['))
            {
                return rest.Trim('[', ']').Split(',').Select(s => s.Trim().Trim('\'', '"')).Where(s => s.Length > 0).ToList();
            }

            return lines.Skip(i + 1).TakeWhile(l => l.TrimStart().StartsWith('-') || l.Trim().Length == 0 || l.TrimStart().StartsWith('#'))
                .Where(l => l.TrimStart().StartsWith('-')).Select(l => l.TrimStart()[1..].Split('#')[0].Trim().Trim('\'', '"')).ToList();
        }

        return null;
    }

    [GeneratedRegex(@"^datasource_list\s*:(.*)$")]
    private static partial Regex DatasourceKey();
}
