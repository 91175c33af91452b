using System.Buffers.Binary;

namespace Zblegen.Emulator.Hci;

/// <summary>
/// Splits a byte stream from a host into HCI packets. Never throws on bad input: a byte that is
/// no packet type, or a packet longer than the controller accepts, is dropped and reported, and
/// framing resumes at the next byte (or after the oversized packet's bytes).
/// A truncated packet cannot be seen in a stream; the transport calls <see cref="Abandon"/>
/// when a partial packet has waited too long.
/// </summary>
public sealed class H4Reader
{
    private readonly int _maxAclData;
    private readonly Action<HciPacket> _onPacket;
    private readonly Action<string> _onDrop;
    private readonly byte[] _buf = new byte[5 + 65535];
    private int _have;
    private int _need;     // total bytes of the packet being assembled; 0 = waiting for a type byte
    private int _skip;     // bytes of an oversized packet still to discard

    public H4Reader(int maxAclData, Action<HciPacket> onPacket, Action<string> onDrop)
    {
        _maxAclData = maxAclData;
        _onPacket = onPacket;
        _onDrop = onDrop;
    }

    public long DroppedPackets { get; private set; }

    /// <summary>True while part of a packet is buffered.</summary>
    public bool InPacket => _have > 0 || _skip > 0;

    public void Feed(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            Take(b);
    }

    /// <summary>Drops a partial packet (the host stopped mid-packet).</summary>
    public void Abandon()
    {
        if (!InPacket)
            return;
        Drop($"truncated packet: {(_skip > 0 ? _skip + " bytes of an oversized packet never came" : $"{_have} of {(_need == 0 ? "?" : _need)} bytes")}");
        _have = _need = _skip = 0;
    }

    private void Take(byte b)
    {
        if (_skip > 0)
        {
            _skip--;
            return;
        }
        if (_have == 0)
        {
            if (b is not ((byte)H4Type.Command or (byte)H4Type.Acl))
            {
                Drop($"bad packet type 0x{b:X2}");
                return;
            }
        }
        _buf[_have++] = b;
        if (_need == 0)
        {
            switch ((H4Type)_buf[0])
            {
                case H4Type.Command when _have == 4:
                    _need = 4 + _buf[3];
                    break;
                case H4Type.Acl when _have == 5:
                    var len = BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan(3));
                    if (len > _maxAclData)
                    {
                        Drop($"oversized ACL packet: {len} bytes, the controller takes {_maxAclData}");
                        _have = 0;
                        _skip = len;
                        return;
                    }
                    _need = 5 + len;
                    break;
                default:
                    return;
            }
        }
        if (_have == _need)
        {
            var packet = HciPacket.FromH4(_buf.AsSpan(0, _have));
            _have = _need = 0;
            _onPacket(packet);
        }
    }

    private void Drop(string why)
    {
        DroppedPackets++;
        _onDrop(why);
    }
}
