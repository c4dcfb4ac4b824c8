using System.Text.RegularExpressions;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Ssh;
using HvCert.Tests.HyperV;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// Names with quotes, $(), backticks, ;, newlines and Unicode quotes travel as data: sshd records the exec command and every
/// stdin line, the command and bootstrap stay byte-identical, every later line is base64 only, and the fake receives each name intact.
/// </summary>
public sealed class SshHostileNameTests
{
    private static readonly string[] Hostile =
    [
        "it's", "say \"hi\"", "$(Remove-Item -Recurse -Force /)", "`whoami`", "a; rm -rf /", "line1\nline2", "\u2018smart\u2019 \u201Cquotes\u201D",
        @"back\slash %_", "@(1,2) | Out-Host", "'; exit; '",
    ];

    [PwshOverSshFact]
    public async Task Calls_WithHostileNames_CommandTextFixedAndNamesArriveIntact()
    {
        var logs = Directory.CreateTempSubdirectory("hvcert-hostile-").FullName;
        var recorder = Path.Combine(logs, "record.sh");
        File.WriteAllText(recorder, $"printf '%s\\n' \"$SSH_ORIGINAL_COMMAND\" >> {logs}/commands.log\nexec tee -a {logs}/stdin.log | /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"\n");
        var fake = FakeHyperVHost.Create();
        await using var host = new PwshHost(fake, $"ForceCommand /bin/sh {recorder}");
        var vsms = CimRef.Of("Msvm_VirtualSystemManagementService", ("CreationClassName", "Msvm_VirtualSystemManagementService"), ("Name", "vmms"),
            ("SystemCreationClassName", "Msvm_ComputerSystem"), ("SystemName", "HV1"));
        await using (var gateway = await SshCimGateway.OpenAsync(host.Host(), CancellationToken.None))
        {
            foreach (var name in Hostile)
            {
                var wql = Wql.Where("Msvm_ComputerSystem", "ElementName", name);
                Assert.Empty(await gateway.QueryAsync(CimRef.VirtualizationV2, wql, default));
                Assert.Equal(wql, fake.Calls.Last().Detail);

                var job = CimRef.Of("Msvm_ConcreteJob", ("InstanceID", name));
                await Assert.ThrowsAsync<CimGatewayException>(() => gateway.GetInstanceAsync(job, default));
                Assert.Equal(job.ToString(), fake.Calls.Last().Detail);

                var item = CimXml.Write(CimInstanceData.Create("Msvm_KvpExchangeDataItem", ("Name", CimValue.Of(name)), ("Data", CimValue.Of(name)), ("Source", CimValue.UInt16(0))));
                await gateway.InvokeMethodAsync(vsms, "AddKvpItems", [new CimArgument("TargetSystem", CimValue.Ref(CimRef.Of("Msvm_ComputerSystem", ("Name", name)))),
                    new CimArgument("DataItems", CimValue.Strings(item))], default);
                var call = fake.Calls.Last();
                Assert.Equal(name, call.Arg("TargetSystem")!.AsRef().Key("Name"));
                Assert.Equal(name, call.Embedded("DataItems")[0].String("Data"));
            }
        }

        var commands = File.ReadAllLines(Path.Combine(logs, "commands.log"));
        Assert.Equal([HostServerScript.CommandLine("pwsh")], commands); // one session served every call
        var stdin = File.ReadAllLines(Path.Combine(logs, "stdin.log"));
        Assert.Equal(HostServerScript.BootstrapLine, stdin[0]);
        Assert.Equal(Hostile.Length * 3, stdin.Length - 1);
        Assert.All(stdin.Skip(1), line => Assert.Matches(new Regex("^[A-Za-z0-9+/]+=*$"), line));
        Directory.Delete(logs, true);
    }
}
