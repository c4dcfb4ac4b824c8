using System.Globalization;
using HvCert.Catalog;
using HvCert.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HvCert.HyperV.Inventory;

/// <summary>Reads the Hyper-V inventory YAML. Every problem is an <see cref="InventoryException"/> with its location.</summary>
public static class InventoryLoader
{
    private static readonly string[] TopKeys =
        ["host", "hosts", "second_host", "shared_storage", "switch", "templates", "ssh_user", "memory", "san", "dda_pool", "sriov_switch", "vlan", "mmio", "video"];

    public static HyperVInventory Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InventoryException(path, 0, 0, "file not found; pass --inventory with a copy of matrices/hyperv-inventory.example.yaml");
        }

        if (InputLimits.CheckSize(path, "inventory", InputLimits.MaxTextFileBytes) is { } tooBig)
        {
            throw new InventoryException(path, 1, 1, $"{tooBig.Message} {tooBig.Fix}");
        }

        return Parse(path, File.ReadAllText(path));
    }

    public static HyperVInventory Parse(string file, string yaml)
    {
        if (InputLimits.FindControlCharacter(yaml) is { } control)
        {
            throw new InventoryException(file, control.Line, control.Column,
                $"the inventory holds the control character {control.Shown}; remove it (a file padded with NUL bytes was usually cut or copied badly)");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new LimitingParser(new Parser(new StringReader(yaml))));
        }
        catch (YamlLimitException e)
        {
            throw new InventoryException(file, e.Start.Line, e.Start.Column, $"{e.Problem}; {e.Fix}");
        }
        catch (YamlException e)
        {
            throw new InventoryException(file, e.Start.Line, e.Start.Column, "not valid YAML: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            throw new InventoryException(file, 1, 1, "not valid YAML: the parser could not continue (look for an unclosed '[', '{' or quote)");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InventoryException(file, 1, 1, "the inventory must be a mapping with at least 'host:' and 'switch:'");
        }

        var m = new Node(file, root);
        m.OnlyKeys(TopKeys);
        var memory = m.OptionalString("memory") ?? "dynamic";
        if (memory is not ("dynamic" or "static"))
        {
            throw m.ErrorAt("memory", "memory must be 'dynamic' or 'static'");
        }

        var mmio = m.OptionalMap("mmio");
        var video = m.OptionalMap("video");
        var hosts = ParseColumnHosts(m);
        return new HyperVInventory(
            file,
            hosts[0],
            m.OptionalMap("second_host") is { } second ? ParseHost(second) : null,
            m.OptionalBool("shared_storage") ?? false,
            m.RequiredString("switch"),
            ParseTemplates(m.OptionalMap("templates")),
            m.OptionalString("ssh_user") ?? "hvcert",
            memory == "dynamic",
            m.OptionalString("san"),
            m.OptionalStrings("dda_pool"),
            m.OptionalString("sriov_switch"),
            m.OptionalMap("vlan") is { } vlan ? ParseVlan(vlan) : null,
            mmio?.OptionalMultipleOf128("low_gap_mb"),
            mmio?.OptionalMultipleOf128("high_gap_mb"),
            video is null ? null : (video.RequiredInt("width"), video.RequiredInt("height"))) { OtherHosts = hosts.Skip(1).ToList() };
    }

    /// <summary>
    /// <c>host:</c> (one host) or <c>hosts:</c> (one per Windows Server release the matrices certify on; each names its
    /// <c>version:</c>, which picks the matrix column it serves, so no two may share one).
    /// </summary>
    private static List<HyperVHost> ParseColumnHosts(Node m)
    {
        if (m.Has("host") && m.Has("hosts"))
        {
            throw m.ErrorAt("hosts", "write either 'host:' (one host) or 'hosts:' (a list, one host per Windows Server release), not both");
        }

        if (!m.Has("hosts"))
        {
            return [ParseHost(m.RequiredMap("host"))];
        }

        var entries = m.RequiredMaps("hosts");
        var hosts = new List<HyperVHost>();
        foreach (var entry in entries)
        {
            var host = ParseHost(entry);
            if (entries.Count > 1 && host.Version is null)
            {
                throw entry.Error($"host {host.Name} needs 'version:' (the Windows Server release it runs, e.g. \"2019\"): with several hosts it says which matrix column each one runs");
            }

            if (hosts.FirstOrDefault(h => h.Version is not null && h.Version == host.Version) is { } twin)
            {
                throw entry.ErrorAt("version", $"hosts {twin.Name} and {host.Name} both declare version: \"{host.Version!.Value.Display()}\"; a matrix column runs on one host, so list one host per release");
            }

            if (hosts.Any(h => string.Equals(h.Name, host.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw entry.Error($"two hosts are named {host.Name}; give each a 'name:' of its own (reports say which host each cell ran on by name)");
            }

            hosts.Add(host);
        }

        return hosts;
    }

    private static HyperVHost ParseHost(Node h)
    {
        h.OnlyKeys(["name", "address", "protocol", "credentials", "storage", "version", "ssh"]);
        var address = h.RequiredString("address");
        var local = address is "." or "localhost" or "127.0.0.1";
        var protocol = h.OptionalString("protocol") ?? (local ? "dcom" : "wsman");
        if (protocol is not ("dcom" or "wsman" or "ssh"))
        {
            throw h.ErrorAt("protocol", "protocol must be 'dcom' (local or domain RPC), 'wsman' (WinRM) or 'ssh' (OpenSSH + PowerShell, from Linux)");
        }

        HostVersion? version = null;
        if (h.OptionalString("version") is { } v)
        {
            version = HostVersionNames.TryParse(v, out var parsed) ? parsed
                : throw h.ErrorAt("version", $"unknown host version '{v}'; use one of 2016, 2019, 2022, 2025");
        }

        var ssh = protocol == "ssh" ? ParseSsh(h) : h.Has("ssh") ? throw h.ErrorAt("ssh", "'ssh:' is only read with 'protocol: ssh'") : null;
        if (ssh is not null && h.Has("credentials"))
        {
            throw h.ErrorAt("credentials", "protocol ssh authenticates with the key in ssh.key only; remove 'credentials:'");
        }

        var storage = h.RequiredMap("storage");
        storage.OnlyKeys(["host_path", "share"]);
        var hostPath = storage.RequiredString("host_path");
        var share = storage.OptionalString("share") ?? (local || ssh is not null ? hostPath
            : throw storage.ErrorAt("host_path", "a remote host needs storage.share (a UNC path hvcert can write, e.g. \\\\host\\hvcert), or protocol: ssh (files go over SFTP)"));
        return new HyperVHost(h.OptionalString("name") ?? address, address, protocol, ParseCredentials(h.OptionalMap("credentials")),
            new HostStorage(hostPath, share), version, ssh);
    }

    private static HostSsh ParseSsh(Node h)
    {
        var s = h.OptionalMap("ssh") ?? throw h.ErrorAt("protocol",
            "protocol ssh needs an 'ssh:' mapping with user, key (private key file) and host_key_sha256 (from 'ssh-keygen -lf' on the host key)");
        s.OnlyKeys(["user", "key", "host_key_sha256", "port", "shell", "timeout_seconds", "start_timeout_seconds"]);
        var fingerprint = s.RequiredString("host_key_sha256");
        if (!System.Text.RegularExpressions.Regex.IsMatch(fingerprint, "^(SHA256:)?[A-Za-z0-9+/]{43}=?$"))
        {
            throw s.ErrorAt("host_key_sha256", "host_key_sha256 must be a SHA256 fingerprint such as 'SHA256:' + 43 base64 characters (ssh-keygen -lf <host key>.pub)");
        }

        var shell = s.OptionalString("shell") ?? "pwsh";
        if (!HostSsh.Shells.Contains(shell))
        {
            throw s.ErrorAt("shell", "shell must be 'pwsh' (PowerShell 7) or 'powershell' (Windows PowerShell 5.1)");
        }

        var key = s.RequiredString("key");
        key = key.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), key[2..])
            : Path.GetFullPath(key, Path.GetDirectoryName(Path.GetFullPath(s.File)) ?? ".");
        return new HostSsh(s.RequiredString("user"), key, fingerprint, s.Has("port") ? s.RequiredInt("port") : 22, shell,
            TimeSpan.FromSeconds(s.Has("timeout_seconds") ? s.RequiredInt("timeout_seconds") : 120),
            s.Has("start_timeout_seconds") ? TimeSpan.FromSeconds(s.RequiredInt("start_timeout_seconds")) : null);
    }

    private static HostCredentials ParseCredentials(Node? c)
    {
        if (c is null)
        {
            return HostCredentials.CurrentUser;
        }

        if (c.Has("password"))
        {
            throw c.ErrorAt("password", "never put a password in the inventory: name an environment variable with 'password_env', or a Windows credential with 'windows_credential'");
        }

        c.OnlyKeys(["user", "password_env", "windows_credential"]);
        var creds = new HostCredentials(c.OptionalString("user"), c.OptionalString("password_env"), c.OptionalString("windows_credential"));
        if (creds.User is not null && creds.PasswordEnv is null)
        {
            throw c.ErrorAt("user", "credentials.user needs password_env (the name of an environment variable holding the password)");
        }

        return creds;
    }

    private static Dictionary<string, IReadOnlyDictionary<Generation, string>> ParseTemplates(Node? t)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<Generation, string>>(StringComparer.Ordinal);
        if (t is null)
        {
            return result;
        }

        foreach (var target in t.Keys)
        {
            var byGen = t.RequiredMap(target);
            byGen.OnlyKeys(["gen1", "gen2"]);
            var map = new Dictionary<Generation, string>();
            if (byGen.OptionalString("gen1") is { } g1)
            {
                map[Generation.Gen1] = g1;
            }

            if (byGen.OptionalString("gen2") is { } g2)
            {
                map[Generation.Gen2] = g2;
            }

            result[target] = map;
        }

        return result;
    }

    private static VlanPeer ParseVlan(Node v)
    {
        v.OnlyKeys(["peer_ip", "guest_ip", "prefix", "mode", "native_vlan_id"]);
        var mode = v.OptionalString("mode") ?? "access";
        if (mode is not ("access" or "trunk"))
        {
            throw v.ErrorAt("mode", "vlan.mode must be 'access' or 'trunk'");
        }

        var prefix = v.RequiredInt("prefix");
        if (prefix is < 1 or > 32)
        {
            throw v.ErrorAt("prefix", $"vlan.prefix {prefix} is not an IPv4 prefix length; use 1 to 32 (e.g. 24)");
        }

        int? native = v.Has("native_vlan_id") ? v.RequiredInt("native_vlan_id") : null;
        if (native is > 4094)
        {
            throw v.ErrorAt("native_vlan_id", $"vlan.native_vlan_id {native} is not a VLAN id; use 1 to 4094");
        }

        return new VlanPeer(v.RequiredIpv4("peer_ip"), v.RequiredIpv4("guest_ip"), prefix, mode, native);
    }

    /// <summary>A mapping node with located accessors.</summary>
    private sealed class Node(string file, YamlMappingNode map)
    {
        public string File => file;

        public IEnumerable<string> Keys => map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

        public bool Has(string key) => map.Children.ContainsKey(new YamlScalarNode(key));

        public InventoryException ErrorAt(string key, string problem)
        {
            var node = map.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key) ?? map;
            return new InventoryException(file, node.Start.Line, node.Start.Column, problem);
        }

        public void OnlyKeys(string[] allowed)
        {
            foreach (var key in Keys.Where(k => !allowed.Contains(k)))
            {
                throw ErrorAt(key, $"unknown key '{key}'; expected one of: {string.Join(", ", allowed)}");
            }
        }

        public string RequiredString(string key) =>
            OptionalString(key) ?? throw new InventoryException(file, map.Start.Line, map.Start.Column, $"missing '{key}:' here");

        public string? OptionalString(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            return value is YamlScalarNode { Value: { } s } && !string.IsNullOrWhiteSpace(s) ? s : throw ErrorAt(key, $"'{key}' must be a non-empty text value");
        }

        /// <summary>Only unquoted true/false: "yes", "on" or a quoted "true" mean a boolean in YAML 1.1 but text in 1.2.</summary>
        public bool? OptionalBool(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            return value is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s ? s.Value == "true"
                : throw ErrorAt(key, $"'{key}' must be true or false (unquoted)");
        }

        /// <summary>A dotted-quad IPv4 address with every part 0-255 (IPAddress.TryParse alone accepts "1" or "1.2").</summary>
        public string RequiredIpv4(string key)
        {
            var text = RequiredString(key);
            var parts = text.Split('.');
            return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255)
                ? text
                : throw ErrorAt(key, $"'{key}' is '{HvCert.Reporting.TextEscaping.Visible(text)}', not an IPv4 address; write four numbers 0-255, e.g. 192.168.77.1");
        }

        public int RequiredInt(string key) =>
            int.TryParse(RequiredString(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw ErrorAt(key, $"'{key}' must be a positive whole number");

        public int? OptionalMultipleOf128(string key)
        {
            if (!Has(key))
            {
                return null;
            }

            var n = RequiredInt(key);
            return n % 128 == 0 ? n : throw ErrorAt(key, $"'{key}' is {n}; Hyper-V memory sizes are MB in multiples of 128");
        }

        public IReadOnlyList<string> OptionalStrings(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return [];
            }

            return value is YamlSequenceNode seq && seq.Children.All(c => c is YamlScalarNode)
                ? seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList()
                : throw ErrorAt(key, $"'{key}' must be a list of text values");
        }

        public InventoryException Error(string problem) => new(file, map.Start.Line, map.Start.Column, problem);

        /// <summary>A non-empty list of mappings, e.g. hosts:.</summary>
        public IReadOnlyList<Node> RequiredMaps(string key)
        {
            var value = map.Children[new YamlScalarNode(key)];
            return value is YamlSequenceNode { Children.Count: > 0 } seq && seq.Children.All(c => c is YamlMappingNode)
                ? seq.Children.Select(c => new Node(file, (YamlMappingNode)c)).ToList()
                : throw ErrorAt(key, $"'{key}' must be a list of host mappings (each '- name: …' with address, storage and version)");
        }

        public Node RequiredMap(string key) =>
            OptionalMap(key) ?? throw new InventoryException(file, map.Start.Line, map.Start.Column, $"missing '{key}:' mapping here");

        public Node? OptionalMap(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            return value is YamlMappingNode child ? new Node(file, child) : throw ErrorAt(key, $"'{key}' must be a mapping (key: value lines)");
        }
    }
}
