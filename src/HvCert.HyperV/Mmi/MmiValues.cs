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
        // A NULL array property stays an array: written back as a scalar PROPERTY, Hyper-V would reject the instance.
        null when type == CimType.ReferenceArray => new CimValue(CimKind.Reference, true, [], []),
        null when IsArrayType(type) => CimValue.NullArray(KindOf(type)),
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
                CimKind.SInt8 => value.Texts.Select(t => sbyte.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.SInt16 => value.Texts.Select(t => short.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.SInt32 => value.Texts.Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.SInt64 => value.Texts.Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.Real32 => value.Texts.Select(t => float.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.Real64 => value.Texts.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
                CimKind.Char16 => value.Texts.Select(t => t[0]).ToArray(),
                CimKind.DateTime => value.Texts.Select(CimDateTime.Parse).ToArray(),
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
            CimKind.SInt8 => sbyte.Parse(text, CultureInfo.InvariantCulture),
            CimKind.SInt16 => short.Parse(text, CultureInfo.InvariantCulture),
            CimKind.Real32 => float.Parse(text, CultureInfo.InvariantCulture),
            CimKind.Real64 => double.Parse(text, CultureInfo.InvariantCulture),
            CimKind.Char16 => text[0],
            CimKind.DateTime => CimDateTime.Parse(text),
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
        (CimKind.SInt8, false) => CimType.SInt8,
        (CimKind.SInt8, true) => CimType.SInt8Array,
        (CimKind.SInt16, false) => CimType.SInt16,
        (CimKind.SInt16, true) => CimType.SInt16Array,
        (CimKind.SInt32, false) => CimType.SInt32,
        (CimKind.SInt32, true) => CimType.SInt32Array,
        (CimKind.SInt64, false) => CimType.SInt64,
        (CimKind.SInt64, true) => CimType.SInt64Array,
        (CimKind.Real32, false) => CimType.Real32,
        (CimKind.Real32, true) => CimType.Real32Array,
        (CimKind.Real64, false) => CimType.Real64,
        (CimKind.Real64, true) => CimType.Real64Array,
        (CimKind.Char16, false) => CimType.Char16,
        (CimKind.Char16, true) => CimType.Char16Array,
        (CimKind.DateTime, false) => CimType.DateTime,
        (CimKind.DateTime, true) => CimType.DateTimeArray,
        (_, true) => CimType.StringArray,
        _ => CimType.String,
    };

    private static bool IsArrayType(CimType type) => type.ToString().EndsWith("Array", StringComparison.Ordinal);

    private static CimKind KindOf(CimType type) => type switch
    {
        CimType.Boolean or CimType.BooleanArray => CimKind.Boolean,
        CimType.UInt8 or CimType.UInt8Array => CimKind.UInt8,
        CimType.UInt16 or CimType.UInt16Array => CimKind.UInt16,
        CimType.UInt32 or CimType.UInt32Array => CimKind.UInt32,
        CimType.UInt64 or CimType.UInt64Array => CimKind.UInt64,
        CimType.SInt32 or CimType.SInt32Array => CimKind.SInt32,
        CimType.SInt64 or CimType.SInt64Array => CimKind.SInt64,
        CimType.SInt8 or CimType.SInt8Array => CimKind.SInt8,
        CimType.SInt16 or CimType.SInt16Array => CimKind.SInt16,
        CimType.Real32 or CimType.Real32Array => CimKind.Real32,
        CimType.Real64 or CimType.Real64Array => CimKind.Real64,
        CimType.Char16 or CimType.Char16Array => CimKind.Char16,
        CimType.DateTime or CimType.DateTimeArray => CimKind.DateTime,
        CimType.Reference or CimType.ReferenceArray => CimKind.Reference,
        _ => CimKind.String,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        DateTime d => CimDateTime.Format(d),
        TimeSpan t => CimDateTime.Format(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
