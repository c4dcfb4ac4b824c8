using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Mmi;
using HvCert.Tests.HyperV.Twin;
using Microsoft.Management.Infrastructure;

namespace HvCert.Tests.HyperV;

/// <summary>
/// One test per backend defect the twin exposed (issue #13 "Why"). Each is checked against the twin's schema and rules,
/// which come from Microsoft's reference and real host dumps, not from the backend's own assumptions.
/// </summary>
public sealed class TwinDefectTests
{
    [Fact]
    public async Task Nic_HostResource_IsSwitchPathKeyedByCreationClassNameAndName()
    {
        await using var t = TwinBackend.Create();

        await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var port = t.Vm.Settings("Msvm_EthernetPortAllocationSettingData")[0];
        var path = CimRef.ParseWmiPath(port.Strings("HostResource")[0]);
        Assert.Equal(["CreationClassName", "Name"], path.Keys.Keys.Order());
        Assert.Equal("hvcert-external", t.Host.Find(path)!.String("ElementName"));
    }

    [Fact]
    public async Task VideoResolution_ResolutionTypeIsUint8_AcceptedBySchema()
    {
        await using var t = TwinBackend.Create(i => i with { VideoResolution = (1280, 720) });

        await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        Assert.Empty(t.Host.Rejections);
        Assert.Equal(1280, t.Vm.Setting("Msvm_SyntheticDisplayControllerSettingData")!.Number("HorizontalResolution"));
    }

    [Fact]
    public async Task Backup_ConsistencyLevelIsUint8_AndSnapshotReachedThroughJobAndDestroyed()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));

        var backup = await vm.Facet<IBackupFacet>()!.BackupAsync(default);

        Assert.True(backup.Ok, backup.Error);
        Assert.Empty(t.Host.Rejections);
        Assert.Empty(t.Vm.Snapshots);
        Assert.Single(t.Host.Invocations("DestroySnapshot"));
    }

    [Fact]
    public async Task Mouse_SetAbsolutePositionTakesSint32()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var moved = await vm.Facet<IMouseFacet>()!.MovePointerAsync(100, 200, default);

        Assert.True(moved.Ok, moved.Error);
        Assert.Equal([(100, 200)], t.Vm.MousePositions);
    }

    [Fact]
    public void MmiValues_NullArrayFromHost_StaysArrayAndPassesSchema()
    {
        var value = MmiValues.ToValue(CimType.StringArray, null);
        var instance = CimInstanceData.Create("Msvm_SyntheticEthernetPortSettingData", ("VirtualSystemIdentifiers", value));

        Assert.True(value.IsArray);
        Assert.Null(TwinSchema.Instance.CheckInstance(CimXml.Read(CimXml.Write(instance))));
    }

    [Theory]
    [InlineData(CimKind.SInt8, "-5", CimType.SInt8)]
    [InlineData(CimKind.SInt16, "-300", CimType.SInt16)]
    [InlineData(CimKind.Real32, "1.5", CimType.Real32)]
    [InlineData(CimKind.Real64, "2.25", CimType.Real64)]
    [InlineData(CimKind.Char16, "x", CimType.Char16)]
    [InlineData(CimKind.DateTime, "20250115080000.000000+000", CimType.DateTime)]
    public void MmiValues_TypedKinds_SentWithTheirCimTypeNotAsString(CimKind kind, string text, CimType expected)
    {
        var value = new CimValue(kind, false, [text], []);

        Assert.Equal(expected, MmiValues.ToCimType(value));
        Assert.IsNotType<string>(MmiValues.ToObject(value));
    }

    [Fact]
    public void MmiValues_DateTimeFromHost_IsCimDatetimeText()
    {
        var value = MmiValues.ToValue(CimType.DateTime, new DateTime(2025, 1, 15, 8, 0, 0, DateTimeKind.Utc));

        Assert.Null(TwinSchema.CheckValue("datetime", false, value));
        Assert.Equal("20250115080000.000000+000", value.Text);
    }

    [Fact]
    public async Task MemoryHotAdd_KeepsMinimumAtOrBelowStartup_AndIsAcceptedWhileRunning()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var hot = await vm.Facet<IMemoryHotAddFacet>()!.HotAddAsync(512, default);

        Assert.True(hot.Ok, hot.Error);
        Assert.Empty(t.Host.Rejections);
        var memory = t.Vm.Setting("Msvm_MemorySettingData")!;
        Assert.True(memory.Number("Reservation") <= memory.Number("VirtualQuantity") && memory.Number("VirtualQuantity") <= memory.Number("Limit"));
    }

    [Fact]
    public async Task Balloon_KeepsMaximumAtOrAboveStartup_AndIsAcceptedWhileRunning()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var balloon = await vm.Facet<IBalloonFacet>()!.SetTargetAsync(640, default);

        Assert.True(balloon.Ok, balloon.Error);
        Assert.Empty(t.Host.Rejections);
        Assert.Equal(640, t.Vm.Setting("Msvm_MemorySettingData")!.Number("Reservation"));
    }

    [Fact]
    public async Task Revert_StandardCheckpoint_ResumesSavedStateWithoutColdBoot()
    {
        await using var t = TwinBackend.Create();
        var vm = (IRevertibleVm)await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));

        await vm.SnapshotAsync("fresh", default);
        await vm.RevertAsync("fresh", default);

        Assert.Equal(5, t.Vm.Vssd.Number("UserSnapshotType"));
        Assert.True(t.Vm.LastStartResumed);
        Assert.Equal(1, t.Vm.ColdBoots);
        Assert.Empty(t.Host.Rejections);
    }

    [Fact]
    public async Task FibreChannel_SanFoundByItsSubtypeAndWiredByPoolId()
    {
        await using var t = TwinBackend.Create(i => i with { San = "hvcert-san" });

        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        Assert.Empty(t.Host.Rejections);
        Assert.Equal("hvcert-san", t.Vm.Setting("Msvm_FcPortAllocationSettingData")!.String("PoolID"));
        Assert.Equal(t.Vm.Setting("Msvm_SyntheticFcPortSettingData")!.String("VirtualPortWWPN"), vm.Settings["fc.wwpn"]);
    }

    [Fact]
    public async Task VhdTemplate_GetsVhdDifferencingChild()
    {
        await using var t = TwinBackend.Create();

        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(Generation.Gen1, "freebsd-14"), default);

        Assert.Empty(t.Host.Rejections);
        Assert.EndsWith(".vhd", vm.Settings["disk.os"]);
        Assert.Equal(2, t.Host.Files[vm.Settings["disk.os"]].Format);
    }

    [Fact]
    public async Task FileCopy_WaitsForGuestFileServiceAfterGuestServicesAreEnabled()
    {
        await using var t = TwinBackend.Create(options: new TwinOptions { GuestServicesDelay = TimeSpan.FromMinutes(2) });
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var copy = await vm.Facet<IFileCopyFacet>()!.CopyToGuestAsync("hello"u8.ToArray(), "/tmp/x", default);

        Assert.True(copy.Ok, copy.Error);
        Assert.Equal("hello"u8.ToArray(), t.Vm.CopiedFiles["/tmp/x"]);
    }

    [Fact]
    public async Task Kvp_ValueWithCrLf_ArrivesByteExact()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var written = await vm.Facet<IKeyValueFacet>()!.WriteHostItemAsync("hvcert-key", "line1\r\nline2", default);

        Assert.True(written.Ok, written.Error);
        Assert.Equal("line1\r\nline2", t.Vm.HostItems["hvcert-key"]);
    }

    [Fact]
    public async Task RuleBroken_InFacet_IsInfrastructureErrorNamingClassMethodProperty()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Host.Options.ExtraRule = (cls, method) => method == "ModifyResourceSettings" ? "Msvm_TimeSyncComponentSettingData.EnabledState: refused by a test rule" : null;

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => vm.Facet<ITimeSyncFacet>()!.SetTimeSyncAsync(false, default));

        Assert.Contains("ModifyResourceSettings", e.Message);
        Assert.Contains("Msvm_TimeSyncComponentSettingData.EnabledState", e.Message);
    }

    [Fact]
    public async Task HostRefusal_InFacet_StaysAnObservation()
    {
        await using var t = TwinBackend.Create();
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await vm.Facet<IShutdownFacet>()!.ShutdownAsync(TimeSpan.FromMinutes(1), default)).Ok);

        var nmi = await vm.Facet<INmiFacet>()!.InjectNmiAsync(default);

        Assert.False(nmi.Ok);
        Assert.Contains("not running", nmi.Error);
    }
}
