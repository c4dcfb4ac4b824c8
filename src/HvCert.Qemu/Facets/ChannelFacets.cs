using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>Host→guest file copy without the network: <c>guest-file-open/write/close</c> through the guest agent.</summary>
internal sealed class QemuFileCopyFacet(QemuVm vm) : IFileCopyFacet
{
    private const int Chunk = 48 * 1024;

    public Task<HostActionResult> CopyToGuestAsync(byte[] content, string guestPath, CancellationToken cancellationToken) =>
        RunAsync("guest-file-write", vm.Lab.Time, async () =>
        {
            var agent = await vm.AgentAsync(cancellationToken);
            var handle = (await agent.ExecuteAsync("guest-file-open", new JsonObject { ["path"] = guestPath, ["mode"] = "w" }, null, cancellationToken)).GetInt64();
            try
            {
                for (var offset = 0; offset < content.Length; offset += Chunk)
                {
                    var part = content.AsSpan(offset, Math.Min(Chunk, content.Length - offset));
                    await agent.ExecuteAsync("guest-file-write", new JsonObject { ["handle"] = handle, ["buf-b64"] = Convert.ToBase64String(part) }, TimeSpan.FromSeconds(60), cancellationToken);
                }
            }
            finally
            {
                await agent.ExecuteAsync("guest-file-close", new JsonObject { ["handle"] = handle }, null, cancellationToken);
            }

            return HostActionResult.Success("guest-file-write", Obs("sha256", Convert.ToHexStringLower(SHA256.HashData(content))),
                Obs("bytes", content.Length), Obs("guest_path", guestPath));
        });
}

/// <summary>
/// Key-value exchange over the guest agent, QEMU's host↔guest data channel. Host items: the agent writes
/// <c>/run/hvcert-kvp/&lt;key&gt;</c> (<c>guest-exec</c>, value on stdin, so nothing is shell-interpreted). Guest items: what the
/// guest itself reports through <c>guest-get-host-name</c> and <c>guest-get-osinfo</c>.
/// </summary>
internal sealed partial class QemuKeyValueFacet(QemuVm vm) : IKeyValueFacet
{
    public const string GuestDir = "/run/hvcert-kvp";

    public Task<HostActionResult> WriteHostItemAsync(string key, string value, CancellationToken cancellationToken) =>
        RunAsync("kvp-write", vm.Lab.Time, async () =>
        {
            if (!KeyPattern().IsMatch(key))
            {
                return HostActionResult.Failure("kvp-write", $"key '{key}' must match [A-Za-z0-9_.-]{{1,64}}", Obs("key", key));
            }

            var result = await GuestExec.RunAsync(vm, "/bin/sh", ["-c", $"mkdir -p {GuestDir} && cat > \"{GuestDir}/$1\"", "sh", key], Encoding.UTF8.GetBytes(value), cancellationToken);
            return result.ExitCode == 0
                ? HostActionResult.Success("kvp-write", Obs("key", key), Obs("value", value), Obs("guest_path", $"{GuestDir}/{key}"))
                : HostActionResult.Failure("kvp-write", $"guest refused the write: {result.Stderr.Trim()}", Obs("key", key));
        });

    public Task<HostActionResult> ReadGuestItemsAsync(CancellationToken cancellationToken) =>
        RunAsync("kvp-read", vm.Lab.Time, async () =>
        {
            var agent = await vm.AgentAsync(cancellationToken);
            var items = new List<(string, string)>
            {
                Obs("HostName", (await agent.ExecuteAsync("guest-get-host-name", null, null, cancellationToken)).GetProperty("host-name").GetString()),
            };
            var os = await agent.ExecuteAsync("guest-get-osinfo", null, null, cancellationToken);
            foreach (var p in os.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                items.Add(Obs($"os.{p.Name}", p.Value.GetString()));
            }

            return HostActionResult.Success("kvp-read", [.. items]);
        });

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex KeyPattern();
}

/// <summary>Static IPv4 pushed from the host: <c>guest-exec ip addr add</c>, verified with <c>guest-network-get-interfaces</c>.</summary>
internal sealed class QemuStaticIpFacet(QemuVm vm) : IStaticIpFacet
{
    public Task<HostActionResult> InjectAsync(string address, int prefixLength, CancellationToken cancellationToken) =>
        RunAsync("guest-exec ip addr add", vm.Lab.Time, async () =>
        {
            var mac = vm.Settings.GetValueOrDefault("peer.nic.mac") ?? vm.Settings["nic.mac"];
            var agent = await vm.AgentAsync(cancellationToken);
            var nics = await agent.ExecuteAsync("guest-network-get-interfaces", null, null, cancellationToken);
            var nic = nics.EnumerateArray().FirstOrDefault(n => n.TryGetProperty("hardware-address", out var hw) && string.Equals(hw.GetString(), mac, StringComparison.OrdinalIgnoreCase));
            if (nic.ValueKind == JsonValueKind.Undefined)
            {
                return HostActionResult.Failure("guest-exec ip addr add", $"no guest interface with MAC {mac}");
            }

            var name = nic.GetProperty("name").GetString()!;
            var run = await GuestExec.RunAsync(vm, "/sbin/ip", ["addr", "add", $"{address}/{prefixLength}", "dev", name], null, cancellationToken);
            await GuestExec.RunAsync(vm, "/sbin/ip", ["link", "set", name, "up"], null, cancellationToken);
            var after = await agent.ExecuteAsync("guest-network-get-interfaces", null, null, cancellationToken);
            var present = after.EnumerateArray().Where(n => n.GetProperty("name").GetString() == name)
                .SelectMany(n => n.TryGetProperty("ip-addresses", out var ips) ? ips.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Any(ip => ip.GetProperty("ip-address").GetString() == address && ip.GetProperty("prefix").GetInt32() == prefixLength);
            return new HostActionResult("guest-exec ip addr add", run.ExitCode == 0 && present, new Dictionary<string, string>
            {
                ["interface"] = name, ["address"] = address, ["prefix"] = prefixLength.ToString(), ["present"] = present.ToString().ToLowerInvariant(),
            }, run.ExitCode == 0 ? null : run.Stderr.Trim());
        });
}
