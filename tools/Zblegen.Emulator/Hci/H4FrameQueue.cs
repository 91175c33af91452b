using System.Buffers.Binary;

namespace Zblegen.Emulator.Hci;

/// <summary>
/// Event and ACL frames on their way to the host, back to back in one buffer that starts over
/// whenever it is drained: queuing a packet allocates nothing once the buffer has grown to the
/// backlog. Frames are written in place (<see cref="Append"/>) and read in place (<see cref="Peek"/>).
/// </summary>
internal sealed class H4FrameQueue
{
    private byte[] _buf = new byte[1024];
    private int _head, _tail;

    public bool IsEmpty => _head == _tail;
    public int AclCount { get; private set; }

    /// <summary>Room for a frame of <paramref name="length"/> bytes at the end, its packet indicator set; the caller fills in the rest.</summary>
    public Span<byte> Append(H4Type type, int length)
    {
        if (IsEmpty)
            _head = _tail = 0;
        if (_tail + length > _buf.Length)
        {
            var live = _tail - _head;
            var buf = live + length > _buf.Length ? new byte[Math.Max(2 * _buf.Length, live + length)] : _buf;
            Array.Copy(_buf, _head, buf, 0, live);
            (_buf, _head, _tail) = (buf, 0, live);
        }
        var frame = _buf.AsSpan(_tail, length);
        _tail += length;
        frame[0] = (byte)type;
        if (type == H4Type.Acl)
            AclCount++;
        return frame;
    }

    /// <summary>The oldest frame. It stays valid after <see cref="Dequeue"/> until the next <see cref="Append"/>.</summary>
    public ReadOnlySpan<byte> Peek() => _buf.AsSpan(_head, FrameLength(_buf.AsSpan(_head)));

    public void Dequeue()
    {
        if (_buf[_head] == (byte)H4Type.Acl)
            AclCount--;
        _head += FrameLength(_buf.AsSpan(_head));
    }

    public void Clear() => (_head, _tail, AclCount) = (0, 0, 0);

    private static int FrameLength(ReadOnlySpan<byte> f) => f[0] == (byte)H4Type.Acl
        ? 5 + BinaryPrimitives.ReadUInt16LittleEndian(f[3..])
        : 3 + f[2];
}
