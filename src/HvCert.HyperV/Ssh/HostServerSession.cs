using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.HyperV.Cim;

namespace HvCert.HyperV.Ssh;

/// <summary>
/// One running HostServer.ps1: requests go down its stdin, framed answers come up its stdout. Transport-neutral (an SSH exec
/// channel in production, a local pwsh process in the benchmark's baseline), one call at a time.
/// </summary>
internal sealed class HostServerSession : IAsyncDisposable
{
    private const int NoiseCap = 4096;
    private readonly Stream stdin;
    private readonly StreamReader stdout;
    private readonly Func<string> stderrTail;
    private readonly Func<ValueTask> close;
    private readonly SemaphoreSlim gate = new(1, 1);
    private long nextId;

    private HostServerSession(string host, Stream stdin, Stream stdout, Func<string> stderrTail, Func<ValueTask> close)
    {
        Host = host;
        this.stdin = stdin;
        this.stdout = new StreamReader(stdout, new UTF8Encoding(false), false, 64 * 1024);
        this.stderrTail = stderrTail;
        this.close = close;
    }

    public string Host { get; }

    public string PowerShellVersion { get; private set; } = "";

    /// <summary>The host's computer name (<c>$env:COMPUTERNAME</c>): the server part of WMI object paths, as MMI uses locally.</summary>
    public string? ComputerName { get; private set; }

    public bool IsBroken { get; private set; }

    /// <summary>Sends the fixed bootstrap line and waits for the server's hello, which says whether CIM and Hyper-V answer.</summary>
    public static async Task<HostServerSession> StartAsync(
        string host, Stream stdin, Stream stdout, Func<string> stderrTail, Func<ValueTask> close, TimeSpan timeout, CancellationToken ct)
    {
        var session = new HostServerSession(host, stdin, stdout, stderrTail, close);
        try
        {
            await session.WriteLineAsync(HostServerScript.BootstrapLine, ct);
            using var hello = await session.ReadFrameAsync(timeout, "starting PowerShell", ct);
            session.CheckHello(hello.RootElement);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>One request; returns the answer's <c>result</c>. WMI and PowerShell failures throw <see cref="CimGatewayException"/>.</summary>
    /// <exception cref="HostSessionLostException">The call timed out or the session ended: this session is unusable.</exception>
    public async Task<JsonElement> CallAsync(string op, JsonObject request, TimeSpan timeout, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (IsBroken)
            {
                throw new HostSessionLostException($"the PowerShell session on {Host} is closed", false);
            }

            var id = ++nextId;
            request["id"] = id;
            request["op"] = op;
            await WriteLineAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(request.ToJsonString())), ct);
            using var answer = await ReadFrameAsync(timeout, op, ct);
            var root = answer.RootElement;
            if (!root.TryGetProperty("id", out var gotId) || gotId.ValueKind != JsonValueKind.Number || gotId.GetInt64() != id)
            {
                IsBroken = true;
                throw new CimGatewayException($"host {Host} answered request {id} with {Cut(root.GetRawText())}: the host server is out of step; rerun");
            }

            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            {
                return root.TryGetProperty("result", out var result) ? result.Clone() : default;
            }

            throw Failure(root.TryGetProperty("error", out var error) ? error : root, op);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        IsBroken = true;
        try
        {
            await close();
        }
        finally
        {
            stdout.Dispose();
        }
    }

    private CimGatewayException Failure(JsonElement error, string op)
    {
        var kind = error.TryGetProperty("kind", out var k) ? k.GetString() : null;
        var code = error.TryGetProperty("code", out var c) ? c.GetString() : "";
        var message = OneLine(error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : Cut(error.GetRawText()));
        return kind == "cim"
            ? new CimGatewayException($"WMI error {code} on {Host} ({op}): {message}")
            : new CimGatewayException($"PowerShell error on {Host} ({op}): {message}; the host script is hvcert's own, so report this line with the host's PowerShell version {PowerShellVersion}");
    }

    private void CheckHello(JsonElement hello)
    {
        if (!hello.TryGetProperty("hello", out var h) || h.GetString() != "hvcert-host/1")
        {
            throw new CimGatewayException($"host {Host} did not greet as the hvcert host server ({Cut(hello.GetRawText())}): check ssh.shell in the inventory");
        }

        PowerShellVersion = hello.TryGetProperty("ps", out var ps) ? ps.GetString() ?? "" : "";
        ComputerName = hello.TryGetProperty("computer", out var name) && name.GetString() is { Length: > 0 } n ? n : null;
        if (!hello.TryGetProperty("cim", out var cim) || cim.ValueKind != JsonValueKind.True)
        {
            throw new CimGatewayException($"PowerShell {PowerShellVersion} on {Host} has no CIM cmdlets (Get-CimInstance): the host must be Windows with Hyper-V; on Linux/macOS hosts this cannot work");
        }

        if (hello.TryGetProperty("hyperv", out var hv) && hv.GetString() is { Length: > 0 } problem)
        {
            throw new CimGatewayException($"Hyper-V does not answer on {Host} (root\\virtualization\\v2: {OneLine(problem)}): install the role with 'Install-WindowsFeature Hyper-V -IncludeManagementTools -Restart' (Server) or 'Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-All' (client), and connect as an administrator");
        }
    }

    private async Task WriteLineAsync(string line, CancellationToken ct)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            await stdin.WriteAsync(bytes, ct);
            await stdin.FlushAsync(ct);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or Renci.SshNet.Common.SshException)
        {
            IsBroken = true;
            throw new HostSessionLostException($"the PowerShell session on {Host} closed its input ({e.Message})", false, e);
        }
    }

    private async Task<JsonDocument> ReadFrameAsync(TimeSpan timeout, string what, CancellationToken ct)
    {
        var noise = new StringBuilder();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await stdout.ReadLineAsync(cts.Token).AsTask().WaitAsync(timeout, ct);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                IsBroken = true;
                throw new HostSessionLostException($"{what} on {Host} gave no answer within {timeout.TotalSeconds:F0} s", true, e);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or Renci.SshNet.Common.SshException)
            {
                IsBroken = true;
                throw new HostSessionLostException($"the PowerShell session on {Host} dropped during {what} ({e.Message})", false, e);
            }

            if (line is null)
            {
                IsBroken = true;
                var said = OneLine(stderrTail() + " " + noise).Trim();
                throw new HostSessionLostException($"the PowerShell session on {Host} ended during {what}" + (said.Length > 0 ? $" (it said: {Cut(said)})" : ""), false);
            }

            var at = line.IndexOf(HostServerScript.FramePrefix, StringComparison.Ordinal);
            if (at < 0)
            {
                noise.Append(line.AsSpan(0, Math.Min(line.Length, NoiseCap))).Append(' ');
                if (noise.Length > NoiseCap)
                {
                    IsBroken = true;
                    throw new CimGatewayException($"host {Host} printed text that is not an hvcert frame ({Cut(OneLine(noise.ToString()))}): check ssh.shell and that no profile or banner writes to the session");
                }

                continue;
            }

            try
            {
                return JsonDocument.Parse(Convert.FromBase64String(line[(at + HostServerScript.FramePrefix.Length)..].Trim()));
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                IsBroken = true;
                throw new CimGatewayException($"host {Host} sent a malformed answer to {what} ({e.Message.Split('\n')[0]}): the session is closed; rerun, and report it if it repeats");
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

/// <summary>The host session timed out or ended; the gateway reopens it once.</summary>
internal sealed class HostSessionLostException(string message, bool timedOut, Exception? inner = null) : Exception(message, inner)
{
    public bool TimedOut { get; } = timedOut;
}
