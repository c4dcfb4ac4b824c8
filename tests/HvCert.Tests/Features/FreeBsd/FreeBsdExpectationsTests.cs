using HvCert.Baselines;
using HvCert.Features.Common;
using HvCert.Features.Core.Mouse;
using HvCert.Features.Core.StorageDevice;
using HvCert.Features.Memory.HotAdd;
using HvCert.Features.Networking.Lro;
using HvCert.Features.Networking.TsoChecksum;
using HvCert.Features.Video.SyntheticVideo;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.FreeBsd;

/// <summary>The shipped FreeBSD baseline, and the FreeBSD judges compared with it on a real FreeBSD 13.0 Hyper-V capture.</summary>
public sealed class FreeBsdExpectationsTests
{
    private static readonly BaselineFile Baseline = BaselineYaml.Load(Path.Combine(RepoPaths.Root, "matrices", "baselines", "freebsd.yaml"));

    [Fact]
    public void Baseline_ShippedFile_MatchesItsPageAndCoversAllFeatures()
    {
        var page = Assert.Single(Baseline.Pages);
        Assert.Equal(["freebsd-14.x", "freebsd-13.x", "freebsd-12.x", "freebsd-11.x"], page.Columns.Select(c => c.Target));
        Assert.Equal(35, page.Rows.Count);
        Assert.All(page.Rows.Where(r => r.FeatureId is "memory.pae" or "video.synthetic").SelectMany(r => r.Cells), c => Assert.Equal(BaselineMark.NotApplicable, c.Mark));
        var reimported = MicrosoftPageImporter.Import(Path.Combine(RepoPaths.Root, page.Source),
            File.ReadAllText(Path.Combine(RepoPaths.Root, page.Source)), []);
        Assert.Equal(page.Rows.SelectMany(r => r.Cells.Select(c => (r.FeatureId, c.Target, c.Mark))),
            reimported.Rows.SelectMany(r => r.Cells.Select(c => (r.FeatureId, c.Target, c.Mark))));
    }

    public static TheoryData<string> JudgedFromCapture => ["core.mouse", "core.storage-device", "memory.hot-add", "net.tso-checksum", "net.lro", "video.synthetic"];

    [Theory]
    [MemberData(nameof(JudgedFromCapture))]
    public void Judge_FreeBsd13Capture_AgreesWithTheThirteenColumn(string featureId)
    {
        IProbe probe = featureId switch
        {
            "core.mouse" => new MouseFreeBsdProbe(),
            "core.storage-device" => new StorageDeviceFreeBsdProbe(),
            "memory.hot-add" => new HotAddFreeBsdProbe(),
            "net.tso-checksum" => new TsoChecksumFreeBsdProbe(),
            "net.lro" => new LroFreeBsdProbe(),
            _ => new SyntheticVideoFreeBsdProbe(),
        };
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(HvCert.Features.Common.Platform.Step, HyperVPlatform.FreeBsd)
            .Cmd(FreeBsdJudging.Devinfo, Sample.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt"))
            .Cmd(FreeBsdJudging.BootLog, Sample.Read("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt"))
            .Cmd(3, Sample.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt"))
            .Build();

        var verdict = probe.Judge(evidence).Kind;
        var expected = Baseline.Pages[0].Rows.Single(r => r.FeatureId == featureId).Cells.Single(c => c.Target == "freebsd-13.x").Mark;
        var asPublished = verdict switch
        {
            VerdictKind.Supported or VerdictKind.SupportedWithCaveat => BaselineMark.Supported,
            VerdictKind.NotApplicable => BaselineMark.NotApplicable,
            _ => BaselineMark.NotSupported,
        };
        Assert.Equal(expected, asPublished);
    }
}
