using System.Text;
using System.Text.Json.Nodes;
using HvCert.Qemu.Lab;

namespace HvCert.Qemu.Facets;

/// <summary>Runs a program in the guest through the agent (<c>guest-exec</c> + <c>guest-exec-status</c>): no network involved.</summary>
internal static class GuestExec
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(QemuVm vm, string path, IReadOnlyList<string> args, byte[]? input, CancellationToken cancellationToken)
    {
        var agent = await vm.AgentAsync(cancellationToken);
        var request = new JsonObject
        {
            ["path"] = path, ["arg"] = new JsonArray(args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()), ["capture-output"] = true,
        };
        if (input is not null)
        {
            request["input-data"] = Convert.ToBase64String(input);
        }

        var pid = (await agent.ExecuteAsync("guest-exec", request, null, cancellationToken)).GetProperty("pid").GetInt64();
        var started = vm.Lab.Time.GetTimestamp();
        var poll = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300), vm.Lab.Time);
        while (vm.Lab.Time.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            var status = await agent.ExecuteAsync("guest-exec-status", new JsonObject { ["pid"] = pid }, null, cancellationToken);
            if (status.GetProperty("exited").GetBoolean())
            {
                return new Outcome(
                    status.TryGetProperty("exitcode", out var code) ? code.GetInt32() : -1,
                    Decode(status, "out-data"), Decode(status, "err-data"));
            }

            await poll.WaitAsync(cancellationToken);
        }

        throw new TimeoutException($"guest-exec {path} did not finish within 60 s");
    }

    private static string Decode(System.Text.Json.JsonElement status, string field) =>
        status.TryGetProperty(field, out var data) ? Encoding.UTF8.GetString(Convert.FromBase64String(data.GetString() ?? "")) : "";
}
