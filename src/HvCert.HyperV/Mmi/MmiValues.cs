using System.Globalization;
using HvCert.HyperV.Cim;
using Microsoft.Management.Infrastructure;

namespace HvCert.HyperV.Mmi;

/// <summary>Converts between MMI objects and the gateway's plain records. Only used after the availability guard.</summary>
internal static class MmiValues
{
    public static CimInstanceData ToData(CimInstance instance)
    {
        var props = new Dictionary<string, CimValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in instance.CimInstanceProperties)
        {
            props[p.Name] = ToValue(p.CimType, p.Value);
        }

        return new CimInstanceData(instance.CimSystemProperties.ClassName, props, instance.CimSystemProperties.Namespace?.Replace('/', '\\') ?? CimRef.VirtualizationV2);
    }

    public static CimRef ToRef(CimInstance instance)
    {
        var keys = instance.CimInstanceProperties.Where(p => (p.Flags & CimFlags.Key) != 0 && p.Value is not null)
            .ToDictionary(p => p.Name, p => Text(p.Value)!, StringComparer.OrdinalIgnoreCase);
        if (keys.Count == 0)
        {
            keys = ToData(instance).Ref.Keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.OrdinalIgnoreCase);
        }

        return new CimRef(instance.CimSystemProperties.Namespace?.Replace('/', '\\') ?? CimRef.VirtualizationV2, instance.CimSystemProperties.ClassName, keys);
    }

    public static CimInstance FromRef(CimRef reference)
    {
        var instance = new CimInstance(reference.ClassName, reference.Namespace);
        foreach (var (key, value) in reference.Keys)
        {
            instance.CimInstanceProperties.Add(CimProperty.Create(key, value, CimType.String, CimFlags.Key));
        }

        return instance;
    }

    public static CimInstance FromData(CimInstanceData data)
    {
        var instance = new CimInstance(data.ClassName, data.Namespace);
        var keys = CimKeys.For(data.ClassName);
        foreach (var (name, value) in data.Properties)
        {
            var flags = keys.Contains(name, StringComparer.OrdinalIgnoreCase) ? CimFlags.Key : CimFlags.Property;
            instance.CimInstanceProperties.Add(CimProperty.Create(name, ToObject(value), ToCimType(value), flags));
        }

        return instance;
    }

    public static CimValue ToValue(CimType type, object? value) => value switch
    {
        null => CimValue.Null(KindOf(type)),
        CimInstance i when type == CimType.Instance => CimValue.Of(CimXml.Write(ToData(i))),
        CimInstance i => CimValue.Ref(ToRef(i)),
        CimInstance[] many when type == CimType.InstanceArray => CimValue.Strings(many.Select(i => CimXml.Write(ToData(i))).ToArray()),
        CimInstance[] many => CimValue.Refs(many.Select(ToRef).ToArray()),
        string s => CimValue.Of(s),
        System.Collections.IEnumerable list => new CimValue(KindOf(type), true, list.Cast<object?>().Select(Text).ToList(), []),
        _ => new CimValue(KindOf(type), false, [Text(value)], []),
    };

    public static object? ToObject(CimValue value)
    {
        if (value.Kind == CimKind.Reference)
        {
            return value.IsArray ? value.References.Select(FromRef).ToArray() : value.References.Count > 0 ? FromRef(value.References[0]) : null;
        }

        if (value.IsArray)
        {
            return value.Kind switch
            {
                CimKind.UInt16 => value.Texts.Select(t => ushort.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.UInt32 => value.Texts.Select(t => uint.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.UInt64 => value.Texts.Select(t => ulong.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.UInt8 => value.Texts.Select(t => byte.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.Boolean => value.Texts.Select(t => t == "true").ToArray(),
                _ => (object)value.Texts.ToArray(),
            };
        }

        var text = value.Text;
        return text is null ? null : value.Kind switch
        {
            CimKind.Boolean => text == "true",
            CimKind.UInt8 => byte.Parse(text, CultureInfo.InvariantCulture),
            CimKind.UInt16 => ushort.Parse(text, CultureInfo.InvariantCulture),
            CimKind.UInt32 => uint.Parse(text, CultureInfo.InvariantCulture),
            CimKind.UInt64 => ulong.Parse(text, CultureInfo.InvariantCulture),
            CimKind.SInt32 => int.Parse(text, CultureInfo.InvariantCulture),
            CimKind.SInt64 => long.Parse(text, CultureInfo.InvariantCulture),
            _ => text,
        };
    }

    public static CimType ToCimType(CimValue value) => (value.Kind, value.IsArray) switch
    {
        (CimKind.Reference, false) => CimType.Reference,
        (CimKind.Reference, true) => CimType.ReferenceArray,
        (CimKind.Boolean, false) => CimType.Boolean,
        (CimKind.Boolean, true) => CimType.BooleanArray,
        (CimKind.UInt8, false) => CimType.UInt8,
        (CimKind.UInt8, true) => CimType.UInt8Array,
        (CimKind.UInt16, false) => CimType.UInt16,
        (CimKind.UInt16, true) => CimType.UInt16Array,
        (CimKind.UInt32, false) => CimType.UInt32,
        (CimKind.UInt32, true) => CimType.UInt32Array,
        (CimKind.UInt64, false) => CimType.UInt64,
        (CimKind.UInt64, true) => CimType.UInt64Array,
        (CimKind.SInt32, _) => CimType.SInt32,
        (CimKind.SInt64, _) => CimType.SInt64,
        (_, true) => CimType.StringArray,
        _ => CimType.String,
    };

    private static CimKind KindOf(CimType type) => type switch
    {
        CimType.Boolean or CimType.BooleanArray => CimKind.Boolean,
        CimType.UInt8 or CimType.UInt8Array => CimKind.UInt8,
        CimType.UInt16 or CimType.UInt16Array => CimKind.UInt16,
        CimType.UInt32 or CimType.UInt32Array => CimKind.UInt32,
        CimType.UInt64 or CimType.UInt64Array => CimKind.UInt64,
        CimType.SInt32 or CimType.SInt32Array => CimKind.SInt32,
        CimType.SInt64 or CimType.SInt64Array => CimKind.SInt64,
        CimType.DateTime or CimType.DateTimeArray => CimKind.DateTime,
        CimType.Reference or CimType.ReferenceArray => CimKind.Reference,
        _ => CimKind.String,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        DateTime d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
