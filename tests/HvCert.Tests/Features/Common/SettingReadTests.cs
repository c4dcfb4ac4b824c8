using HvCert.Features.Common;
using HvCert.Hosts;

namespace HvCert.Tests.Features.Common;

public sealed class SettingReadTests
{
    private static HostActionResult Read(IReadOnlyDictionary<string, string> settings, params (string, string)[] wanted)
    {
        var vm = new FakeVm(FakeVm.DefaultSpec(), []) { Settings = settings };
        return SettingRead.Of(1, "read", "test", wanted).Read(vm, new StepScope(new Dictionary<string, string>(), new Dictionary<string, string>()));
    }

    [Fact]
    public void Of_HyperVSpelling_FoundThroughAlternative()
    {
        var r = Read(new Dictionary<string, string> { ["disk.data.bytes"] = "1073741824" }, ("disk.data_bytes|disk.data.bytes", "data_bytes"));
        Assert.True(r.Ok);
        Assert.Equal("1073741824", r.Get("data_bytes"));
    }

    [Fact]
    public void Of_MissingSetting_NotOfferedWithName()
    {
        var r = Read(new Dictionary<string, string> { ["disk.wwn"] = "" }, ("disk.wwn", "wwn"));
        Assert.False(r.Ok);
        Assert.Contains("disk.wwn", r.Get(HostStep.NotOfferedKey));
    }
}
