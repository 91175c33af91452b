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

/// <summary>One HCI packet, immutable; <see cref="ToH4"/> gives its bytes on the wire.</summary>
public abstract record HciPacket
{
    public abstract H4Type Type { get; }
    public abstract byte[] ToH4();
}

public sealed record HciCommand(ushort Opcode, byte[] Parameters) : HciPacket
{
    public override H4Type Type => H4Type.Command;
    public ushort Ogf => (ushort)(Opcode >> 10);
    public ushort Ocf => (ushort)(Opcode & 0x3FF);

    public override byte[] ToH4()
    {
        var b = new byte[4 + Parameters.Length];
        b[0] = (byte)H4Type.Command;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(1), Opcode);
        b[3] = (byte)Parameters.Length;
        Parameters.CopyTo(b, 4);
        return b;
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

    public override byte[] ToH4()
    {
        var b = new byte[5 + Data.Length];
        b[0] = (byte)H4Type.Acl;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(1), (ushort)((Handle & 0x0FFF) | (Pb << 12) | (Bc << 14)));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(3), (ushort)Data.Length);
        Data.CopyTo(b, 5);
        return b;
    }

    public override string ToString() => $"ACL handle={Handle} pb={Pb} [{Data.Length}]";
}

public sealed record HciEvent(byte Code, byte[] Parameters) : HciPacket
{
    public override H4Type Type => H4Type.Event;

    /// <summary>For LE Meta events, the subevent code; else 0.</summary>
    public byte Subevent => Code == EventCode.LeMeta && Parameters.Length > 0 ? Parameters[0] : (byte)0;

    public override byte[] ToH4()
    {
        var b = new byte[3 + Parameters.Length];
        b[0] = (byte)H4Type.Event;
        b[1] = Code;
        b[2] = (byte)Parameters.Length;
        Parameters.CopyTo(b, 3);
        return b;
    }

    public override string ToString() => $"Event 0x{Code:X2}{(Code == EventCode.LeMeta ? $"/0x{Subevent:X2}" : "")} [{Convert.ToHexString(Parameters)}]";
}
