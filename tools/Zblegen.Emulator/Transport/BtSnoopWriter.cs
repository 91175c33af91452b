using System.Buffers.Binary;
using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Transport;

/// <summary>
/// Writes HCI traffic as a btsnoop file (version 1, datalink 1002 = H4), the format Wireshark
/// and tshark read. Records are flushed as written so a capture survives a killed emulator.
/// </summary>
public sealed class BtSnoopWriter : IDisposable
{
    /// <summary>btsnoop timestamps count microseconds from 0000-01-01; this is 1970-01-01 on that scale.</summary>
    private const long EpochDeltaUs = 0x00DCDDB30F2F8000;
    private readonly Stream _stream;
    private readonly Func<DateTime> _now;
    private readonly object _lock = new();

    public BtSnoopWriter(string path, Func<DateTime>? now = null)
    {
        Path = path;
        _now = now ?? (() => DateTime.UtcNow);
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        Span<byte> header = stackalloc byte[16];
        "btsnoop\0"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], 1002);
        _stream.Write(header);
        _stream.Flush();
    }

    public string Path { get; }

    /// <summary>One packet; <paramref name="toHost"/> is the controller-to-host direction.</summary>
    public void Write(HciPacket packet, bool toHost) => Write(packet.ToH4(), toHost);

    /// <summary>One H4 frame; <paramref name="toHost"/> is the controller-to-host direction.</summary>
    public void Write(ReadOnlySpan<byte> data, bool toHost)
    {
        var flags = (toHost ? 1u : 0u) | ((H4Type)data[0] is H4Type.Command or H4Type.Event ? 2u : 0u);
        var ts = (_now() - DateTime.UnixEpoch).Ticks / 10 + EpochDeltaUs;
        Span<byte> rec = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(rec, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(rec[4..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(rec[8..], flags);
        BinaryPrimitives.WriteUInt32BigEndian(rec[12..], 0);
        BinaryPrimitives.WriteInt64BigEndian(rec[16..], ts);
        lock (_lock)
        {
            _stream.Write(rec);
            _stream.Write(data);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
            _stream.Dispose();
    }
}
