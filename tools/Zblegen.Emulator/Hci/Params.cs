using System.Buffers.Binary;

namespace Zblegen.Emulator.Hci;

/// <summary>Thrown by <see cref="ParamReader"/> when a command's parameters are too short.</summary>
public sealed class InvalidParametersException(string message) : Exception(message);

/// <summary>Reads little-endian command parameters; running past the end is an invalid-parameters error.</summary>
public ref struct ParamReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public int Remaining => _data.Length - _pos;

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public BdAddr Addr() => new(Take(6).ToArray());
    public byte[] Bytes(int n) => Take(n).ToArray();

    private ReadOnlySpan<byte> Take(int n)
    {
        if (_pos + n > _data.Length)
            throw new InvalidParametersException($"parameters end at byte {_data.Length}, needed {_pos + n}");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }
}

/// <summary>Builds little-endian event parameters.</summary>
public sealed class ParamWriter
{
    private readonly List<byte> _b = new(32);

    public ParamWriter U8(byte v) { _b.Add(v); return this; }
    public ParamWriter U16(int v) { _b.Add((byte)v); _b.Add((byte)(v >> 8)); return this; }
    public ParamWriter U32(uint v) { for (var i = 0; i < 4; i++) _b.Add((byte)(v >> (8 * i))); return this; }
    public ParamWriter U64(ulong v) { for (var i = 0; i < 8; i++) _b.Add((byte)(v >> (8 * i))); return this; }
    public ParamWriter Addr(BdAddr a) { _b.AddRange(a.Bytes); return this; }
    public ParamWriter Bytes(ReadOnlySpan<byte> v) { foreach (var x in v) _b.Add(x); return this; }
    public byte[] ToArray() => _b.ToArray();
}

/// <summary>A Bluetooth device address, least significant byte first as on the wire.</summary>
public sealed record BdAddr(byte[] Bytes)
{
    public static readonly BdAddr Zero = new(new byte[6]);

    public bool Equals(BdAddr? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Bytes);
    public override string ToString() => string.Join(":", Bytes.Reverse().Select(b => b.ToString("X2")));
}

/// <summary>
/// An address with its type: 0 public, 1 random, as the link layer sees a device; in events, 2 and 3
/// for a public or random identity the link layer resolved from an RPA.
/// </summary>
public sealed record DeviceAddress(byte Type, BdAddr Addr)
{
    public override string ToString() => $"{Addr}/{Type switch { 0 => "public", 1 => "random", 2 => "public identity", _ => "random identity" }}";
}
