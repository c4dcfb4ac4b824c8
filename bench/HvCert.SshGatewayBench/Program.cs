using System.Diagnostics;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Ssh;
using HvCert.IntegrationTests.Transport;

// Calls/second of the SSH gateway: one long-lived PowerShell session serving every call (what hvcert does), against one
// PowerShell process per call (a new exec channel on the same SSH connection, the server script started, one request).
// Real sshd on loopback, real pwsh; the CIM provider is a stub module inside pwsh that answers every query with one
// Msvm_ComputerSystem-like instance, so the figures measure SSH + PowerShell + hvcert's framing, not WMI.
// Usage (root, pwsh on PATH): dotnet run -c Release --project bench/HvCert.SshGatewayBench [-- calls-in-session processes]
var sessionCalls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
var processCalls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var pwsh = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"))
    .Select(d => Path.Combine(d, "pwsh")).FirstOrDefault(File.Exists);
if (pwsh is null || Environment.UserName != "root" || !File.Exists(LocalSshd.SshdPath))
{
    Console.Error.WriteLine("needs root, /usr/sbin/sshd and pwsh (dotnet tool install --global PowerShell --version 7.6.9)");
    return 2;
}

var dir = Directory.CreateTempSubdirectory("hvcert-sshbench-").FullName;
var module = Directory.CreateDirectory(Path.Combine(dir, "modules", "CimStub")).FullName;
File.WriteAllText(Path.Combine(module, "CimStub.psd1"), "@{ RootModule = 'CimStub.psm1'; ModuleVersion = '1.0'; FunctionsToExport = @('Get-CimInstance') }");
File.WriteAllText(Path.Combine(module, "CimStub.psm1"), """
    function Get-CimInstance { param([string]$Namespace, [string]$Query, [string]$QueryDialect)
        $p = @(
            [pscustomobject]@{ Name = 'CreationClassName'; CimType = 'String'; Value = 'Msvm_ComputerSystem'; Flags = 'Property, Key' },
            [pscustomobject]@{ Name = 'Name'; CimType = 'String'; Value = '5A1C2E3D-4B5F-4A6B-8C7D-9E0F1A2B3C4D'; Flags = 'Property, Key' },
            [pscustomobject]@{ Name = 'ElementName'; CimType = 'String'; Value = 'hvc-vm1'; Flags = 'Property' },
            [pscustomobject]@{ Name = 'EnabledState'; CimType = 'UInt16'; Value = [uint16]2; Flags = 'Property' },
            [pscustomobject]@{ Name = 'OperationalStatus'; CimType = 'UInt16Array'; Value = [uint16[]]@(2); Flags = 'Property' })
        [pscustomobject]@{ CimSystemProperties = [pscustomobject]@{ ClassName = 'Msvm_ComputerSystem'; Namespace = $Namespace }; CimInstanceProperties = $p }
    }
    """);
using var sshd = new LocalSshd($"SetEnv PATH={Path.GetDirectoryName(pwsh)}:/usr/bin:/bin PSModulePath={Path.Combine(dir, "modules")} DOTNET_ROOT={Path.GetDirectoryName(Environment.ProcessPath)} POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off");
Thread.Sleep(500);
var host = new HyperVHost("bench", "127.0.0.1", "ssh", HostCredentials.CurrentUser, new HostStorage(dir, dir), null,
    new HostSsh("root", sshd.ClientKeyPath, sshd.HostKeyFingerprint, sshd.Port, "pwsh", TimeSpan.FromSeconds(120)));
const string Wql = "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = 'hvc-vm1'";

await using var connection = await HostConnection.OpenAsync(host, default);
var opened = Stopwatch.StartNew();
await using (var warm = await connection.StartServerAsync(default))
{
    Console.WriteLine($"PowerShell {warm.PowerShellVersion}; first session started in {opened.Elapsed.TotalSeconds:F2} s; {LoadAverage()}");
}

// One session, many calls.
var started = Stopwatch.StartNew();
await using (var session = await connection.StartServerAsync(default))
{
    var setup = started.Elapsed;
    started.Restart();
    for (var i = 0; i < sessionCalls; i++)
    {
        await session.CallAsync("query", new System.Text.Json.Nodes.JsonObject { ["ns"] = CimRef.VirtualizationV2, ["wql"] = Wql }, TimeSpan.FromSeconds(60), default);
    }

    var perSession = sessionCalls / started.Elapsed.TotalSeconds;
    // One PowerShell process per call.
    started.Restart();
    for (var i = 0; i < processCalls; i++)
    {
        await using var once = await connection.StartServerAsync(default);
        await once.CallAsync("query", new System.Text.Json.Nodes.JsonObject { ["ns"] = CimRef.VirtualizationV2, ["wql"] = Wql }, TimeSpan.FromSeconds(60), default);
    }

    var perProcess = processCalls / started.Elapsed.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine("| mode | calls | calls/s | ms/call |");
    Console.WriteLine("|---|---:|---:|---:|");
    Console.WriteLine($"| one PowerShell session (hvcert) | {sessionCalls} | {perSession:F1} | {1000 / perSession:F1} |");
    Console.WriteLine($"| one PowerShell process per call | {processCalls} | {perProcess:F2} | {1000 / perProcess:F0} |");
    Console.WriteLine($"ratio: one session serves {perSession / perProcess:F0}x the calls per second (session start-up, paid once: {setup.TotalSeconds:F2} s)");
    Console.WriteLine($"at the end: {LoadAverage()}");
}

Directory.Delete(dir, recursive: true);
return 0;

// The figures depend on how busy the machine is (pwsh's start most of all): print the load next to them.
static string LoadAverage() => File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";
