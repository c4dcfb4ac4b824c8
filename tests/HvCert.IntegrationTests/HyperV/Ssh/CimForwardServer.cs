using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.HyperV.Cim;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// The loopback HTTP end of CimForward.psm1: each CIM cmdlet call that real pwsh makes on the "host" arrives here as JSON and is
/// answered by an <see cref="ICimGateway"/> (the Hyper-V fake or twin), which judges the CIM traffic. Its own JSON mapping,
/// written separately from the production CimWire, so the two check each other. Get-CimClass answers from Microsoft's schema.
/// </summary>
internal sealed class CimForwardServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ICimGateway gateway;
    private readonly Func<string, string, JsonArray> methodsOf;
    private readonly Task loop;
    private readonly SemaphoreSlim gate = new(1, 1); // the fake and the twin are not thread-safe

    public CimForwardServer(ICimGateway gateway, Func<string, string, JsonArray> methodsOf)
    {
        this.gateway = gateway;
        this.methodsOf = methodsOf;
        Url = $"http://127.0.0.1:{FreePort()}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Every request as the module sent it (for "names arrive intact" assertions).</summary>
    public List<JsonObject> Requests { get; } = [];

    public Func<JsonObject, JsonObject?>? Intercept { get; set; }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    // One task per request: a test that hangs one call must not hold up the next session's calls.
    private async Task AnswerAsync(HttpListenerContext context)
    {
            JsonObject answer;
            try
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var request = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
                lock (Requests)
                {
                    Requests.Add(request);
                }

                answer = Intercept?.Invoke(request) ?? await AnswerWithGatewayAsync(request);
            }
            catch (CimGatewayException e)
            {
                answer = new JsonObject { ["error"] = new JsonObject { ["message"] = e.Message, ["code"] = "Failed" } };
            }

            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
    }

    private async Task<JsonObject> AnswerWithGatewayAsync(JsonObject q)
    {
        await gate.WaitAsync();
        try
        {
            return await AnswerOneAsync(q);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<JsonObject> AnswerOneAsync(JsonObject q)
    {
        var ct = CancellationToken.None;
        switch ((string?)q["op"])
        {
            case "query":
                var found = await gateway.QueryAsync(Ns((string)q["ns"]!), (string)q["wql"]!, ct);
                return new JsonObject { ["instances"] = new JsonArray(found.Select(i => (JsonNode)Instance(i)).ToArray()) };
            case "assoc":
                var resultClass = (string?)q["result"];
                var linked = await gateway.AssociatorsAsync(Ref(q["ref"]!), (string)q["assoc"]!, string.IsNullOrEmpty(resultClass) ? null : resultClass, ct);
                return new JsonObject { ["instances"] = new JsonArray(linked.Select(i => (JsonNode)Instance(i)).ToArray()) };
            case "get":
                return new JsonObject { ["instance"] = Instance(await gateway.GetInstanceAsync(Ref(q["ref"]!), ct)) };
            case "invoke":
                var args = q["args"]!.AsArray().Select(a => new CimArgument((string)a!["n"]!, Value(a))).ToList();
                var result = await gateway.InvokeMethodAsync(Ref(q["ref"]!), (string)q["method"]!, args, ct);
                return new JsonObject
                {
                    ["rv"] = result.ReturnValue.ToString(CultureInfo.InvariantCulture),
                    ["out"] = new JsonArray(result.OutParameters.Where(o => o.Key != "ReturnValue").Select(o => (JsonNode)Wire(o.Key, o.Value, false)).ToArray()),
                };
            case "modify":
                var props = q["p"]!.AsArray().ToDictionary(p => (string)p!["n"]!, p => Value(p!), StringComparer.OrdinalIgnoreCase);
                await gateway.ModifyInstanceAsync(new CimInstanceData((string)q["c"]!, props, Ns((string)q["ns"]!)), ct);
                return [];
            case "class":
                return new JsonObject { ["methods"] = methodsOf(Ns((string)q["ns"]!), (string)q["c"]!) };
            default:
                throw new CimGatewayException($"CimForward sent an unknown op: {q.ToJsonString()}");
        }
    }

    private static string Ns(string ns) => ns.Replace('/', '\\');

    private static CimRef Ref(JsonNode wire) =>
        new(Ns((string)wire["ns"]!), (string)wire["c"]!, wire["k"]!.AsObject().ToDictionary(k => k.Key, k => (string)k.Value!, StringComparer.OrdinalIgnoreCase));

    private static CimValue Value(JsonNode wire)
    {
        var type = (string)wire["t"]!;
        var isArray = type.EndsWith("Array", StringComparison.Ordinal);
        var kind = CimValue.ParseKind(type.Replace("Array", "", StringComparison.Ordinal).ToLowerInvariant());
        if (kind == CimKind.Reference)
        {
            var refs = wire["r"]!.AsArray().Select(r => Ref(r!)).ToArray();
            return isArray ? CimValue.Refs(refs) : CimValue.Ref(refs[0]);
        }

        var items = wire["v"]!.AsArray().Select(v => (string?)v).ToList();
        return isArray ? new CimValue(kind, true, items, []) : new CimValue(kind, false, [items.FirstOrDefault()], []);
    }

    private static JsonObject Instance(CimInstanceData data)
    {
        var keys = CimKeys.For(data.ClassName);
        return new JsonObject
        {
            ["c"] = data.ClassName,
            ["ns"] = data.Namespace.Replace('\\', '/'),
            ["p"] = new JsonArray(data.Properties.Select(p => (JsonNode)Wire(p.Key, p.Value, keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase))).ToArray()),
        };
    }

    private static JsonObject Wire(string name, CimValue value, bool key)
    {
        var type = value.Kind switch
        {
            CimKind.String => "String", CimKind.Boolean => "Boolean", CimKind.UInt8 => "UInt8", CimKind.UInt16 => "UInt16",
            CimKind.UInt32 => "UInt32", CimKind.UInt64 => "UInt64", CimKind.SInt32 => "SInt32", CimKind.SInt64 => "SInt64",
            CimKind.DateTime => "DateTime", _ => "Reference",
        } + (value.IsArray ? "Array" : "");
        var wire = new JsonObject { ["n"] = name, ["t"] = type, ["key"] = key, ["isnull"] = !value.IsArray && value.IsNull };
        if (value.Kind == CimKind.Reference)
        {
            wire["i"] = new JsonArray(value.References.Select(r => (JsonNode)RefInstance(r)).ToArray());
        }
        else
        {
            wire["v"] = new JsonArray(value.Items.Select(i => (JsonNode?)(i is null ? null : JsonValue.Create(i))).ToArray());
        }

        return wire;
    }

    // A reference as WMI hands it out: an instance holding only its key properties, each flagged Key.
    private static JsonObject RefInstance(CimRef reference) => new()
    {
        ["c"] = reference.ClassName,
        ["ns"] = reference.Namespace.Replace('\\', '/'),
        ["p"] = new JsonArray(reference.Keys.Select(k => (JsonNode)new JsonObject
        {
            ["n"] = k.Key, ["t"] = "String", ["key"] = true, ["isnull"] = false, ["v"] = new JsonArray(JsonValue.Create(k.Value)),
        }).ToArray()),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
