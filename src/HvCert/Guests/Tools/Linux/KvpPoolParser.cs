using System.Text;

namespace HvCert.Guests.Tools.Linux;

internal sealed record KvpRecord(string Key, string Value);

/// <summary>
/// A hv_kvp_daemon pool file (/var/lib/hyperv/.kvp_pool_N), read as <c>base64 -w0</c> output. The file is an array of
/// fixed 2560-byte records: a 512-byte key then a 2048-byte value (HV_KVP_EXCHANGE_MAX_KEY_SIZE / VALUE_SIZE), each
/// NUL-terminated UTF-8. Not `strings`: that merges records. A file whose length is not a whole number of records is
/// reported as <see cref="KvpPool.Torn"/> rather than guessed at.
/// </summary>
internal sealed record KvpPool(IReadOnlyList<KvpRecord> Records, bool Torn, bool Readable)
{
    public string? Value(string key) => Records.LastOrDefault(r => r.Key == key)?.Value;
}

internal static class KvpPoolParser
{
    public const int KeySize = 512;
    public const int ValueSize = 2048;
    public const int RecordSize = KeySize + ValueSize;

    public static KvpPool ParseBase64(string text)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(string.Concat(ToolText.Lines(text).Select(l => l.Trim())));
        }
        catch (FormatException)
        {
            return new KvpPool([], Torn: false, Readable: false);
        }

        return Parse(bytes);
    }

    public static KvpPool Parse(ReadOnlySpan<byte> file)
    {
        var records = new List<KvpRecord>();
        var whole = file.Length / RecordSize;
        for (var i = 0; i < whole; i++)
        {
            var record = file.Slice(i * RecordSize, RecordSize);
            var key = Text(record[..KeySize]);
            if (key.Length > 0)
            {
                records.Add(new KvpRecord(key, Text(record[KeySize..])));
            }
        }

        return new KvpPool(records, Torn: file.Length % RecordSize != 0, Readable: true);
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
