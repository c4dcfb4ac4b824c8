using System.Security.Cryptography;
using System.Text.Json.Nodes;
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
