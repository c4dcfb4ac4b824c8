using HvCert.Guests.Tools.Linux;

namespace HvCert.Tests.Guests.Tools.Linux;

public sealed class DeviceParsersTests
{
    [Fact]
    public void Lsvmbus_LisaSegment_TwoDevicesWithChannels()
    {
        var devices = LsvmbusParser.Parse(LinuxSamples.Read("lsvmbus", "lisa-azure-segment"));
        Assert.Equal(2, devices.Count);
        Assert.Equal("525074dc-8985-46e2-8057-a307dc18a502", devices[0].ClassId);
        Assert.Equal("[Dynamic Memory]", devices[0].Label);
        Assert.Equal("1eccfd72-4b41-45ef-b73a-4a6e44c12924", devices[0].DeviceId);
        Assert.Equal(new VmbusChannel(2, 0), Assert.Single(devices[1].Channels));
    }

    [Fact]
    public void Lsvmbus_UnknownGuid_KeptAsUnknown()
    {
        var d = Assert.Single(LsvmbusParser.Parse("VMBUS ID 14: Class_ID = {c376c1c3-d276-48d2-90a9-c04748072c60} - Unknown\n\tRel_ID=14, target_cpu=0\n"));
        Assert.Equal("Unknown", d.Label);
    }

    [Fact]
    public void Lsvmbus_NoVmbus_Empty() => Assert.Empty(LsvmbusParser.Parse("/sys/bus/vmbus/devices doesn't exist: exiting..."));

    [Fact]
    public void Lspci_OpenVmmKnn_DriverAndIds()
    {
        var devices = LspciParser.Parse(LinuxSamples.Read("lspci", "openvmm-fedora-knn"));
        Assert.Equal(3, devices.Count);
        var nvme = devices[2];
        Assert.Equal(("0000:02:00.0", "1414:00a9", "0108", "nvme"), (nvme.Address, nvme.VendorDevice, nvme.ClassCode, nvme.Driver));
        Assert.Equal(["nvme"], nvme.Modules);
    }

    [Fact]
    public void Lspci_AzureVf_NonZeroDomainWithoutCodes()
    {
        var vf = Assert.Single(LspciParser.Parse(LinuxSamples.Read("lspci", "azure-mlx4-vf-domain")));
        Assert.Equal("afb6", vf.Domain);
        Assert.Null(vf.VendorDevice);
        Assert.Null(vf.Driver);
        Assert.Contains("Virtual Function", vf.Description);
    }

    [Fact]
    public void Lsmod_HvSock_ModulesAndUsers()
    {
        var mods = LsmodParser.Parse("Module                  Size  Used by\nhv_sock                24576  0\nvsock                  61440  1 hv_sock\n");
        Assert.True(LsmodParser.Has(mods, "hv_sock"));
        Assert.Equal(["hv_sock"], mods[1].Users);
    }

    [Fact]
    public void Sha256Sum_BuildHost_DigestAndPath()
    {
        var d = Assert.Single(Sha256SumParser.Parse(LinuxSamples.Read("sha256sum", "build-host-coreutils")));
        Assert.Equal("7ae159fc9971a60f6cb1d72cf009e67a1e6d9a9eaf93155470a917fa2f726ba1", d.Sha256);
        Assert.Equal("/tmp/featb-sha.txt", d.Path);
        Assert.Empty(Sha256SumParser.Parse("sha256sum: /tmp/x: No such file or directory"));
    }

    [Fact]
    public void Display_DrmAndFramebuffer()
    {
        Assert.Equal([new DrmCard("card0", "hyperv_drm")], DrmCardsParser.Parse("card0 hyperv_drm\n"));
        Assert.Equal(new Framebuffer("hyperv_fb", 1152, 864), FramebufferParser.Parse("hyperv_fb\n1152,864\n"));
        Assert.Null(FramebufferParser.Parse("cat: /sys/class/graphics/fb0/name: No such file or directory\n"));
    }

    [Fact]
    public void FreezeLog_VssAndQemuGa_OrderMatters()
    {
        var vss = FreezeLogParser.Parse("hv_vss_daemon[612]: VSS: op=FREEZE: succeeded\nhv_vss_daemon[612]: VSS: op=THAW: succeeded\n");
        Assert.True(FreezeLogParser.FrozeThenThawed(vss));
        var failed = FreezeLogParser.Parse("hv_vss_daemon[612]: VSS: op=FREEZE: failed\nhv_vss_daemon[612]: VSS: op=THAW: succeeded\n");
        Assert.False(FreezeLogParser.FrozeThenThawed(failed));
        var thawOnly = FreezeLogParser.Parse("qemu-ga[401]: info: guest-fsfreeze-thaw called\n");
        Assert.False(FreezeLogParser.FrozeThenThawed(thawOnly));
    }

    [Fact]
    public void KvpPool_TwoRecords_RoundTrip()
    {
        var file = new byte[KvpPoolParser.RecordSize * 2];
        System.Text.Encoding.UTF8.GetBytes("HostName").CopyTo(file, 0);
        System.Text.Encoding.UTF8.GetBytes("ws2022-host").CopyTo(file, KvpPoolParser.KeySize);
        System.Text.Encoding.UTF8.GetBytes("hvcert-run").CopyTo(file, KvpPoolParser.RecordSize);
        System.Text.Encoding.UTF8.GetBytes("42").CopyTo(file, KvpPoolParser.RecordSize + KvpPoolParser.KeySize);
        var pool = KvpPoolParser.ParseBase64(Convert.ToBase64String(file));
        Assert.Equal("ws2022-host", pool.Value("HostName"));
        Assert.Equal("42", pool.Value("hvcert-run"));
        Assert.False(pool.Torn);
        Assert.True(KvpPoolParser.Parse(file.AsSpan(0, 100)).Torn);
        Assert.False(KvpPoolParser.ParseBase64("not base64!").Readable);
    }
}
