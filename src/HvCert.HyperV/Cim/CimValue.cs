using System.Globalization;

namespace HvCert.HyperV.Cim;

/// <summary>CIM data types as CIM-XML spells them in the TYPE attribute (DSP0201), plus references and embedded instances.</summary>
public enum CimKind
{
    String,
    Boolean,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    SInt32,
    SInt64,
    DateTime,
    Reference,
    SInt8,
    SInt16,
    Real32,
    Real64,
    Char16,
}

/// <summary>
/// One property or method-parameter value, kept as invariant text so it crosses the gateway seam without any MMI type.
/// Embedded instances are plain strings holding CIM-XML (see <see cref="CimXml"/>).
/// </summary>
public sealed record CimValue(CimKind Kind, bool IsArray, IReadOnlyList<string?> Items, IReadOnlyList<CimRef> References)
{
    public static CimValue Null(CimKind kind) => new(kind, false, [null], []);

    public static CimValue Of(string? text) => new(CimKind.String, false, [text], []);

    public static CimValue Of(bool value) => new(CimKind.Boolean, false, [value ? "true" : "false"], []);

    public static CimValue UInt8(int value) => new(CimKind.UInt8, false, [value.ToString(CultureInfo.InvariantCulture)], []);

    public static CimValue SInt32(int value) => new(CimKind.SInt32, false, [value.ToString(CultureInfo.InvariantCulture)], []);

    /// <summary>A null array: WMI hands these out for unset array properties; they must go back as PROPERTY.ARRAY.</summary>
    public static CimValue NullArray(CimKind kind) => new(kind, true, [], []);

    public static CimValue UInt16(int value) => new(CimKind.UInt16, false, [value.ToString(CultureInfo.InvariantCulture)], []);

    public static CimValue UInt32(long value) => new(CimKind.UInt32, false, [value.ToString(CultureInfo.InvariantCulture)], []);

    public static CimValue UInt64(long value) => new(CimKind.UInt64, false, [value.ToString(CultureInfo.InvariantCulture)], []);

    public static CimValue Strings(params string[] items) => new(CimKind.String, true, items, []);

    public static CimValue UInt16s(params int[] items) =>
        new(CimKind.UInt16, true, items.Select(i => (string?)i.ToString(CultureInfo.InvariantCulture)).ToList(), []);

    public static CimValue Ref(CimRef reference) => new(CimKind.Reference, false, [], [reference]);

    public static CimValue Refs(params CimRef[] references) => new(CimKind.Reference, true, [], references);

    public string? Text => Items.Count > 0 ? Items[0] : null;

    public IReadOnlyList<string> Texts => Items.Where(i => i is not null).Select(i => i!).ToList();

    public bool IsNull => Kind == CimKind.Reference ? References.Count == 0 : Items.Count == 0 || (!IsArray && Items[0] is null);

    public long AsInt64() => long.Parse(Text ?? throw new InvalidOperationException("value is null"), CultureInfo.InvariantCulture);

    public bool AsBool() => string.Equals(Text, "true", StringComparison.OrdinalIgnoreCase);

    public CimRef AsRef() => References.Count > 0 ? References[0] : throw new InvalidOperationException("no reference in value");

    public static string KindName(CimKind kind) => kind switch
    {
        CimKind.String => "string",
        CimKind.Boolean => "boolean",
        CimKind.UInt8 => "uint8",
        CimKind.UInt16 => "uint16",
        CimKind.UInt32 => "uint32",
        CimKind.UInt64 => "uint64",
        CimKind.SInt32 => "sint32",
        CimKind.SInt64 => "sint64",
        CimKind.DateTime => "datetime",
        CimKind.SInt8 => "sint8",
        CimKind.SInt16 => "sint16",
        CimKind.Real32 => "real32",
        CimKind.Real64 => "real64",
        CimKind.Char16 => "char16",
        _ => "reference",
    };

    public static CimKind ParseKind(string? name) => name?.ToLowerInvariant() switch
    {
        "string" or null => CimKind.String,
        "boolean" => CimKind.Boolean,
        "uint8" => CimKind.UInt8,
        "uint16" => CimKind.UInt16,
        "uint32" => CimKind.UInt32,
        "uint64" => CimKind.UInt64,
        "sint32" => CimKind.SInt32,
        "sint64" => CimKind.SInt64,
        "datetime" => CimKind.DateTime,
        "sint8" => CimKind.SInt8,
        "sint16" => CimKind.SInt16,
        "real32" => CimKind.Real32,
        "real64" => CimKind.Real64,
        "char16" => CimKind.Char16,
        "reference" => CimKind.Reference,
        _ => throw new FormatException($"unsupported CIM type '{name}'"),
    };
}
