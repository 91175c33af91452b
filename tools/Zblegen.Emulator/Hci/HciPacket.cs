using System.Buffers.Binary;

namespace Zblegen.Emulator.Hci;

/// <summary>The H4 packet indicator: the first byte of every packet on the UART.</summary>
public enum H4Type : byte
{
    Command = 0x01,
    Acl = 0x02,
    Sco = 0x03,
    Event = 0x04,
    Iso = 0x05,
}

/// <summary>Takes one H4 frame (packet indicator first). The bytes are valid only during the call.</summary>
public delegate void H4Sink(ReadOnlySpan<byte> frame);

/// <summary>Sees one H4 frame and its direction (true: towards the host). The bytes are valid only during the call.</summary>
public delegate void H4Tap(ReadOnlySpan<byte> frame, bool toHost);

/// <summary>One HCI packet, immutable; <see cref="ToH4"/> gives its bytes on the wire, <see cref="FromH4"/> reads them back.</summary>
public abstract record HciPacket
{
    public abstract H4Type Type { get; }

    /// <summary>Bytes of the H4 frame, packet indicator included.</summary>
    public abstract int H4Length { get; }

    /// <summary>Writes the H4 frame into the first <see cref="H4Length"/> bytes of <paramref name="frame"/>.</summary>
    public abstract void WriteH4(Span<byte> frame);

    public byte[] ToH4()
    {
        var b = new byte[H4Length];
        WriteH4(b);
        return b;
    }

    /// <summary>A whole command, ACL or event frame as <see cref="WriteH4"/> writes it (the caller framed it).</summary>
    public static HciPacket FromH4(ReadOnlySpan<byte> frame) => (H4Type)frame[0] switch
    {
        H4Type.Command => new HciCommand(BinaryPrimitives.ReadUInt16LittleEndian(frame[1..]), frame[4..].ToArray()),
        H4Type.Acl => HciAcl.FromHeader(BinaryPrimitives.ReadUInt16LittleEndian(frame[1..]), frame[5..].ToArray()),
        H4Type.Event => new HciEvent(frame[1], frame[3..].ToArray()),
        var t => throw new ArgumentException($"no {t} packets here", nameof(frame)),
    };
}

public sealed record HciCommand(ushort Opcode, byte[] Parameters) : HciPacket
{
    public override H4Type Type => H4Type.Command;
    public ushort Ogf => (ushort)(Opcode >> 10);
    public ushort Ocf => (ushort)(Opcode & 0x3FF);
    public override int H4Length => 4 + Parameters.Length;

    public override void WriteH4(Span<byte> frame)
    {
        frame[0] = (byte)H4Type.Command;
        BinaryPrimitives.WriteUInt16LittleEndian(frame[1..], Opcode);
        frame[3] = (byte)Parameters.Length;
        Parameters.CopyTo(frame[4..]);
    }

    public override string ToString() => $"Command 0x{Opcode:X4} [{Convert.ToHexString(Parameters)}]";
}

/// <summary>
/// ACL data. Pb is the packet-boundary flag: 0b00 first non-flushable (host to controller only),
/// 0b01 continuation, 0b10 first flushable.
/// </summary>
public sealed record HciAcl(ushort Handle, byte Pb, byte Bc, byte[] Data) : HciPacket
{
    public const byte PbFirstNonFlushable = 0b00;
    public const byte PbContinuation = 0b01;
    public const byte PbFirstFlushable = 0b10;

    public override H4Type Type => H4Type.Acl;
    public override int H4Length => H4Bytes(Data.Length);

    public static int H4Bytes(int dataLength) => 5 + dataLength;

    /// <summary>An ACL frame written without a packet object (the controller's data towards its host).</summary>
    public static void WriteH4(Span<byte> frame, ushort handle, byte pb, byte bc, ReadOnlySpan<byte> data)
    {
        frame[0] = (byte)H4Type.Acl;
        BinaryPrimitives.WriteUInt16LittleEndian(frame[1..], (ushort)((handle & 0x0FFF) | (pb << 12) | (bc << 14)));
        BinaryPrimitives.WriteUInt16LittleEndian(frame[3..], (ushort)data.Length);
        data.CopyTo(frame[5..]);
    }

    public override void WriteH4(Span<byte> frame) => WriteH4(frame, Handle, Pb, Bc, Data);

    internal static HciAcl FromHeader(ushort header, byte[] data) =>
        new((ushort)(header & 0x0FFF), (byte)((header >> 12) & 3), (byte)(header >> 14), data);

    public override string ToString() => $"ACL handle={Handle} pb={Pb} [{Data.Length}]";
}

public sealed record HciEvent(byte Code, byte[] Parameters) : HciPacket
{
    public override H4Type Type => H4Type.Event;
    public override int H4Length => 3 + Parameters.Length;

    /// <summary>For LE Meta events, the subevent code; else 0.</summary>
    public byte Subevent => Code == EventCode.LeMeta && Parameters.Length > 0 ? Parameters[0] : (byte)0;

    public override void WriteH4(Span<byte> frame)
    {
        frame[0] = (byte)H4Type.Event;
        frame[1] = Code;
        frame[2] = (byte)Parameters.Length;
        Parameters.CopyTo(frame[3..]);
    }

    public override string ToString() => $"Event 0x{Code:X2}{(Code == EventCode.LeMeta ? $"/0x{Subevent:X2}" : "")} [{Convert.ToHexString(Parameters)}]";
}
