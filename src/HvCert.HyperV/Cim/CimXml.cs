using System.Text;
using System.Xml;

namespace HvCert.HyperV.Cim;

/// <summary>
/// Our own CIM-XML (DSP0201 "DTD 2.0") embedded-instance writer and reader. Hyper-V takes every settings argument as
/// <c>&lt;INSTANCE CLASSNAME=...&gt;&lt;PROPERTY ...&gt;</c> text (hyperv-wmi.md §1.6). MMI's CimSerializer needs libmi,
/// so this one is ours and runs everywhere. Escaping is left to XmlWriter; control characters CIM-XML cannot carry are refused.
/// </summary>
public static class CimXml
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = ConformanceLevel.Fragment,
        Indent = false,
        Encoding = new UTF8Encoding(false),
        // XML readers turn a literal CR LF into LF (XML 1.0 §2.11); &#xD; survives, so KVP values keep their CRLF.
        NewLineHandling = NewLineHandling.Entitize,
    };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        ConformanceLevel = ConformanceLevel.Fragment,
        MaxCharactersInDocument = 16 * 1024 * 1024,
    };

    public static string Write(CimInstanceData instance)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, WriterSettings))
        {
            WriteInstance(w, instance);
        }

        return sb.ToString();
    }

    public static CimInstanceData Read(string xml)
    {
        var all = ReadAll(xml);
        return all.Count == 1 ? all[0] : throw new FormatException($"expected one INSTANCE element, found {all.Count}");
    }

    /// <summary>Every top-level INSTANCE element in <paramref name="xml"/> (a sample file may wrap several in any root).</summary>
    public static IReadOnlyList<CimInstanceData> ReadAll(string xml)
    {
        var result = new List<CimInstanceData>();
        try
        {
            using var r = XmlReader.Create(new StringReader(StripProlog(xml)), ReaderSettings);
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.Name == "INSTANCE")
                {
                    result.Add(ReadInstance(r));
                }
            }
        }
        catch (XmlException e)
        {
            throw new FormatException($"malformed CIM-XML at line {e.LineNumber}, column {e.LinePosition}: {e.Message}", e);
        }

        return result;
    }

    /// <summary>Fragments may carry several roots, which XML forbids after a DOCTYPE; the prolog carries nothing we need.</summary>
    private static string StripProlog(string xml)
    {
        var text = xml.TrimStart();
        foreach (var start in new[] { "<?xml", "<!DOCTYPE" })
        {
            if (text.StartsWith(start, StringComparison.Ordinal))
            {
                text = text[(text.IndexOf('>', StringComparison.Ordinal) + 1)..].TrimStart();
            }
        }

        return text;
    }

    private static void WriteInstance(XmlWriter w, CimInstanceData instance)
    {
        w.WriteStartElement("INSTANCE");
        w.WriteAttributeString("CLASSNAME", instance.ClassName);
        foreach (var (name, value) in instance.Properties)
        {
            if (value.Kind == CimKind.Reference)
            {
                WriteReferenceProperty(w, name, value);
                continue;
            }

            w.WriteStartElement(value.IsArray ? "PROPERTY.ARRAY" : "PROPERTY");
            w.WriteAttributeString("NAME", name);
            w.WriteAttributeString("TYPE", CimValue.KindName(value.Kind));
            if (value.IsArray)
            {
                w.WriteStartElement("VALUE.ARRAY");
                foreach (var item in value.Items)
                {
                    WriteValue(w, name, item);
                }

                w.WriteEndElement();
            }
            else if (value.Text is { } text)
            {
                WriteValue(w, name, text);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteValue(XmlWriter w, string property, string? text)
    {
        if (text is null)
        {
            w.WriteElementString("VALUE.NULL", null);
            return;
        }

        var bad = text.FirstOrDefault(c => !XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c));
        if (bad != default)
        {
            throw new ArgumentException($"property {property} holds U+{(int)bad:X4}, which CIM-XML cannot carry");
        }

        w.WriteElementString("VALUE", text);
    }

    private static void WriteReferenceProperty(XmlWriter w, string name, CimValue value)
    {
        w.WriteStartElement(value.IsArray ? "PROPERTY.REFARRAY" : "PROPERTY.REFERENCE");
        w.WriteAttributeString("NAME", name);
        if (value.IsArray)
        {
            w.WriteStartElement("VALUE.REFARRAY");
        }

        foreach (var reference in value.References)
        {
            w.WriteStartElement("VALUE.REFERENCE");
            w.WriteStartElement("LOCALINSTANCEPATH");
            w.WriteStartElement("LOCALNAMESPACEPATH");
            foreach (var part in reference.Namespace.Split('\\', '/'))
            {
                w.WriteStartElement("NAMESPACE");
                w.WriteAttributeString("NAME", part);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("INSTANCENAME");
            w.WriteAttributeString("CLASSNAME", reference.ClassName);
            foreach (var (key, keyValue) in reference.Keys)
            {
                w.WriteStartElement("KEYBINDING");
                w.WriteAttributeString("NAME", key);
                w.WriteElementString("KEYVALUE", keyValue);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }

        if (value.IsArray)
        {
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static CimInstanceData ReadInstance(XmlReader r)
    {
        var className = r.GetAttribute("CLASSNAME") ?? throw new FormatException("INSTANCE without CLASSNAME");
        var props = new Dictionary<string, CimValue>(StringComparer.OrdinalIgnoreCase);
        using var sub = r.ReadSubtree();
        sub.Read();
        while (sub.Read())
        {
            if (sub.NodeType != XmlNodeType.Element || sub.Depth != 1)
            {
                continue;
            }

            var name = sub.GetAttribute("NAME") ?? throw new FormatException($"{sub.Name} without NAME in {className}");
            switch (sub.Name)
            {
                case "PROPERTY":
                case "PROPERTY.ARRAY":
                    props[name] = ReadProperty(sub, sub.Name == "PROPERTY.ARRAY");
                    break;
                case "PROPERTY.REFERENCE":
                case "PROPERTY.REFARRAY":
                    props[name] = ReadReference(sub, sub.Name == "PROPERTY.REFARRAY");
                    break;
            }
        }

        return new CimInstanceData(className, props);
    }

    private static CimValue ReadProperty(XmlReader r, bool isArray)
    {
        var kind = CimValue.ParseKind(r.GetAttribute("TYPE"));
        var items = new List<string?>();
        using var sub = r.ReadSubtree();
        sub.Read();
        sub.Read();
        while (!sub.EOF)
        {
            if (sub.NodeType == XmlNodeType.Element && sub.Name == "VALUE")
            {
                items.Add(sub.ReadElementContentAsString()); // advances past the element
                continue;
            }

            if (sub.NodeType == XmlNodeType.Element && sub.Name == "VALUE.NULL")
            {
                items.Add(null);
            }

            sub.Read();
        }

        return isArray ? new CimValue(kind, true, items, []) : items.Count == 0 ? CimValue.Null(kind) : new CimValue(kind, false, [items[0]], []);
    }

    private static CimValue ReadReference(XmlReader r, bool isArray)
    {
        var refs = new List<CimRef>();
        var ns = new List<string>();
        string? className = null;
        string? key = null;
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var sub = r.ReadSubtree();
        while (sub.Read())
        {
            if (sub.NodeType == XmlNodeType.Element)
            {
                switch (sub.Name)
                {
                    case "NAMESPACE": ns.Add(sub.GetAttribute("NAME") ?? ""); break;
                    case "INSTANCENAME": className = sub.GetAttribute("CLASSNAME"); break;
                    case "KEYBINDING": key = sub.GetAttribute("NAME"); break;
                    case "KEYVALUE" when key is not null: keys[key] = sub.ReadElementContentAsString(); break;
                }
            }
            else if (sub.NodeType == XmlNodeType.EndElement && sub.Name == "VALUE.REFERENCE")
            {
                refs.Add(new CimRef(ns.Count > 0 ? string.Join(@"\", ns) : CimRef.VirtualizationV2, className ?? "", keys));
                ns = [];
                keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }
        }

        return new CimValue(CimKind.Reference, isArray, [], refs);
    }
}
