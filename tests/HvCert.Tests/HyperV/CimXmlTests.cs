using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV;

public sealed class CimXmlTests
{
    [Fact]
    public void Write_KvpItem_MatchesDocumentedShape()
    {
        var item = CimInstanceData.Create("Msvm_KvpExchangeDataItem",
            ("Name", CimValue.Of("key")), ("Data", CimValue.Of("val")), ("Source", CimValue.UInt16(0)));

        Assert.Equal(
            "<INSTANCE CLASSNAME=\"Msvm_KvpExchangeDataItem\">"
            + "<PROPERTY NAME=\"Name\" TYPE=\"string\"><VALUE>key</VALUE></PROPERTY>"
            + "<PROPERTY NAME=\"Data\" TYPE=\"string\"><VALUE>val</VALUE></PROPERTY>"
            + "<PROPERTY NAME=\"Source\" TYPE=\"uint16\"><VALUE>0</VALUE></PROPERTY></INSTANCE>",
            CimXml.Write(item));
    }

    [Fact]
    public void Write_MarkupInValues_IsEscapedAndRoundTrips()
    {
        var nasty = "<b>&amp; \"quoted\" 'single' ]]> C:\\path\\x.vhdx ü 日本";
        var item = CimInstanceData.Create("Msvm_KvpExchangeDataItem", ("Data", CimValue.Of(nasty)));

        var xml = CimXml.Write(item);

        Assert.DoesNotContain("<b>", xml);
        Assert.Contains("&lt;b&gt;&amp;amp;", xml);
        Assert.Equal(nasty, CimXml.Read(xml).String("Data"));
    }

    [Fact]
    public void RoundTrip_ArraysNullsBooleansAndReferences_Preserved()
    {
        var vm = CimRef.Of("Msvm_ComputerSystem", ("CreationClassName", "Msvm_ComputerSystem"), ("Name", "1B7A1D34-1C3B-4F3E-9F0C-1F2A3B4C5D6E"));
        var item = CimInstanceData.Create("Msvm_VirtualSystemSettingData",
            ("Notes", CimValue.Strings("hvcert-run:r1", "second <line>")),
            ("BootOrder", CimValue.UInt16s(2, 0, 1)),
            ("SecureBootEnabled", CimValue.Of(true)),
            ("SecureBootTemplateId", CimValue.Null(CimKind.String)),
            ("EmptyArray", CimValue.Strings()),
            ("Owner", CimValue.Ref(vm)));

        var back = CimXml.Read(CimXml.Write(item));

        Assert.Equal(["hvcert-run:r1", "second <line>"], back.Strings("Notes"));
        Assert.Equal(["2", "0", "1"], back.Strings("BootOrder"));
        Assert.True(back["BootOrder"]!.IsArray);
        Assert.Equal(CimKind.UInt16, back["BootOrder"]!.Kind);
        Assert.True(back.Bool("SecureBootEnabled"));
        Assert.True(back["SecureBootTemplateId"]!.IsNull);
        Assert.Empty(back.Strings("EmptyArray"));
        Assert.True(back["EmptyArray"]!.IsArray);
        var owner = back["Owner"]!.AsRef();
        Assert.Equal("Msvm_ComputerSystem", owner.ClassName);
        Assert.Equal(@"root\virtualization\v2", owner.Namespace);
        Assert.Equal(vm.Key("Name"), owner.Key("Name"));
    }

    [Fact]
    public void Read_MmiSerializerOutputWithModifiedAndQualifiers_Parsed()
    {
        // The shape MMI's own serializer test expects (hyperv-wmi.md §1.6), plus a qualifier and a DOCTYPE wrapper.
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE CIM SYSTEM \"cim.dtd\"><INSTANCE CLASSNAME=\"TestInstance\">"
            + "<QUALIFIER NAME=\"dynamic\" TYPE=\"boolean\"><VALUE>TRUE</VALUE></QUALIFIER>"
            + "<PROPERTY NAME=\"string\" TYPE=\"string\" MODIFIED=\"TRUE\"><VALUE>Test string</VALUE></PROPERTY></INSTANCE>";

        var back = CimXml.Read(xml);

        Assert.Equal("TestInstance", back.ClassName);
        Assert.Equal("Test string", back.String("string"));
        Assert.Single(back.Properties);
    }

    [Fact]
    public void Read_Malformed_ThrowsFormatExceptionWithPosition()
    {
        var e = Assert.Throws<FormatException>(() => CimXml.Read("<INSTANCE CLASSNAME=\"X\"><PROPERTY NAME=\"a\" TYPE=\"string\"><VALUE>x</PROPERTY>"));
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Write_ControlCharacter_Refused()
    {
        var item = CimInstanceData.Create("Msvm_KvpExchangeDataItem", ("Data", CimValue.Of("a\u0001b")));
        var e = Assert.Throws<ArgumentException>(() => CimXml.Write(item));
        Assert.Contains("U+0001", e.Message);
    }

    [Fact]
    public void WmiPath_RoundTrip_EscapesBackslashesAndQuotes()
    {
        var r = CimRef.Of("Msvm_ResourceAllocationSettingData", ("InstanceID", "Microsoft:ABC\\83F8638B-8DCA-4152-9EDA-2CA8B33039B4\\0\\0\\D"));
        var path = r.ToWmiPath("HV1");

        Assert.Equal(@"\\HV1\root\virtualization\v2:Msvm_ResourceAllocationSettingData.InstanceID=""Microsoft:ABC\\83F8638B-8DCA-4152-9EDA-2CA8B33039B4\\0\\0\\D""", path);
        Assert.Equal(r.Key("InstanceID"), CimRef.ParseWmiPath(path).Key("InstanceID"));
    }

    [Fact]
    public void ReadAll_SampleFile_ReadsEveryInstance()
    {
        var all = CimXml.ReadAll(File.ReadAllText(Path.Combine(RepoPaths.Samples, "cim", "kvp-exchange-component.xml")));
        var kvp = Assert.Single(all, i => i.ClassName == "Msvm_KvpExchangeComponent");
        var items = kvp.Strings("GuestIntrinsicExchangeItems").Select(CimXml.Read).ToList();
        Assert.Contains(items, i => i.String("Name") == "NetworkAddressIPv4" && i.String("Data")!.StartsWith("192.0.2.", StringComparison.Ordinal));
    }
}
