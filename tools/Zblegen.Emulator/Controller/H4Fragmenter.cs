using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

/// <summary>
/// The fragmented-h4 quirk: the H4 stream towards the host leaves in pieces cut at arbitrary points,
/// some a part of a packet, some several packets joined, with virtual time between them, as a UART
/// driver with its own buffering and DMA chunks hands it out. A host that assumes one packet per
/// read breaks on it. Seeded, so a failing run repeats.
/// </summary>
internal sealed class H4Fragmenter
{
    /// <summary>Frames that arrive this long after the first one still pending join its piece.</summary>
    private const int MaxHoldUs = 300;
    /// <summary>Gap between the pieces of what is pending: about a UART DMA chunk's time.</summary>
    private const int MinGapUs = 50, MaxGapUs = 500;

    private readonly Random _rng;
    private readonly ClockTimer _timer;
    private readonly Hci.H4Sink _write;
    private byte[] _pending = new byte[512];
    private int _length;

    public H4Fragmenter(VirtualClock clock, Random rng, Hci.H4Sink write)
    {
        _rng = rng;
        _write = write;
        _timer = clock.Timer(WritePiece);
    }

    public void Push(ReadOnlySpan<byte> frame)
    {
        if (_length + frame.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(2 * _pending.Length, _length + frame.Length));
        frame.CopyTo(_pending.AsSpan(_length));
        _length += frame.Length;
        if (!_timer.Pending)
            _timer.After(_rng.Next(0, MaxHoldUs + 1));
    }

    /// <summary>The host went away: what it did not get is no one's.</summary>
    public void Clear()
    {
        _timer.Cancel();
        _length = 0;
    }

    private void WritePiece()
    {
        // Half the time all that is pending (several packets joined), else a cut anywhere in it.
        var n = _rng.Next(2) == 0 ? _length : _rng.Next(1, _length + 1);
        _write(_pending.AsSpan(0, n));
        _pending.AsSpan(n, _length - n).CopyTo(_pending);
        _length -= n;
        if (_length > 0)
            _timer.After(_rng.Next(MinGapUs, MaxGapUs + 1));
    }
}
