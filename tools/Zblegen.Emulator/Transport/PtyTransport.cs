using System.Buffers;
using System.Collections.Concurrent;
using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Transport;

/// <summary>
/// Connects one controller to a host through a pty: a reader thread drains the host's bytes at
/// once (the unix port never retries a write), a writer thread sends packets. While no host
/// holds the pty open, output is discarded; when a host goes away the controller forgets its
/// state, and when one arrives it finds nothing stale.
/// </summary>
public sealed class PtyTransport : IDisposable
{
    /// <summary>A partial packet older than this is dropped: the host stopped mid-packet.</summary>
    private const int PartialPacketTimeoutMs = 200;

    private readonly PacedDriver _driver;
    private readonly VirtualController _controller;
    private readonly Action<string> _log;
    // Frames for the writer thread, each in a buffer rented from the shared pool and returned once written.
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _out = new();
    private readonly Thread _reader, _writer;
    private volatile bool _stop;
    private volatile bool _hostPresent;

    public PtyTransport(PacedDriver driver, VirtualController controller, Pty pty, Action<string> log)
    {
        _driver = driver;
        _controller = controller;
        Pty = pty;
        _log = log;
        controller.SendToHost = frame =>
        {
            if (!_hostPresent)
                return;
            var buffer = ArrayPool<byte>.Shared.Rent(frame.Length);
            frame.CopyTo(buffer);
            _out.Add((buffer, frame.Length));
        };
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"pty-read-{controller.Index}" };
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"pty-write-{controller.Index}" };
        _reader.Start();
        _writer.Start();
    }

    public Pty Pty { get; }
    public bool HostPresent => _hostPresent;

    private unsafe void ReadLoop()
    {
        TakeHostFacingScheduling();
        var buf = new byte[4096];
        var lastByte = Environment.TickCount64;
        var partialChecked = true;
        while (!_stop)
        {
            var pfd = new Native.PollFd { Fd = Pty.MasterFd, Events = Native.POLLIN };
            var rc = Native.poll(&pfd, 1, 20);
            if (_stop)
                break;
            if (rc < 0)
            {
                if (Native.Errno == Native.EINTR)
                    continue;
                _log($"controller {_controller.Index}: poll failed (errno {Native.Errno})");
                Thread.Sleep(20);
                continue;
            }
            if ((pfd.Revents & Native.POLLIN) != 0)
            {
                if (!_hostPresent)
                    HostArrived();
                nint n;
                fixed (byte* p = buf)
                    n = Native.read(Pty.MasterFd, p, buf.Length);
                if (n > 0)
                {
                    var bytes = buf.AsSpan(0, (int)n).ToArray();
                    _driver.Post(() => _controller.FeedH4(bytes));
                    lastByte = Environment.TickCount64;
                    partialChecked = false;
                    continue;
                }
            }
            if ((pfd.Revents & Native.POLLHUP) != 0)
            {
                if (_hostPresent)
                    HostLeft();
                Thread.Sleep(10); // POLLHUP stays set until a host opens the slave
                continue;
            }
            if (pfd.Revents != 0)
            {
                Thread.Sleep(1); // a failed read or an error: never a tight loop on a real-time thread
                continue;
            }
            if (!partialChecked && Environment.TickCount64 - lastByte > PartialPacketTimeoutMs)
            {
                partialChecked = true;
                _driver.Post(_controller.AbandonPartialPacket);
            }
        }
    }

    /// <summary>
    /// A controller answers over its UART within microseconds. Here each answer takes three thread hops
    /// (reader, radio, writer) while the hosts' VMs spin in machine.idle() and their HCI waits on both cores:
    /// at normal priority every hop waited for a spinning host to be preempted, up to milliseconds. The pty
    /// threads block in poll or on the queue, so the radio thread's real-time policy costs the hosts nothing.
    /// </summary>
    private void TakeHostFacingScheduling() => _log($"controller {_controller.Index}: {Thread.CurrentThread.Name} runs {PacedDriver.TakeRadioScheduling()}");

    private void HostArrived()
    {
        Pty.FlushTowardsHost();
        _hostPresent = true;
        _log($"controller {_controller.Index}: host opened {Pty.HostPath}");
    }

    private void HostLeft()
    {
        _hostPresent = false;
        while (_out.TryTake(out var dropped))
            ArrayPool<byte>.Shared.Return(dropped.Buffer);
        Pty.DiscardUnreadBySlave();
        _driver.Post(_controller.Detach);
        _log($"controller {_controller.Index}: host closed {Pty.HostPath}");
    }

    private unsafe void WriteLoop()
    {
        TakeHostFacingScheduling();
        foreach (var (packet, length) in _out.GetConsumingEnumerable())
        {
            var off = 0;
            while (off < length && !_stop && _hostPresent)
            {
                nint n;
                fixed (byte* p = packet)
                    n = Native.write(Pty.MasterFd, p + off, length - off);
                if (n > 0)
                    off += (int)n;
                else if (n < 0 && Native.Errno is Native.EINTR or Native.EAGAIN)
                    Thread.Sleep(1);
                else
                    break;
            }
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _out.CompleteAdding();
        _reader.Join(TimeSpan.FromSeconds(1));
        _writer.Join(TimeSpan.FromSeconds(1));
        Pty.Dispose();
    }
}
