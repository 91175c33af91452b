using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Tests;

/// <summary>The live emulator through real ptys, as a unix MicroPython host reaches it.</summary>
public class PtyTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("zblegen-pty-").FullName;

    /// <summary>Reads until <paramref name="n"/> bytes came or the timeout passed.</summary>
    private static unsafe byte[] Read(int fd, int n, int timeoutMs = 3000)
    {
        var got = new List<byte>();
        var buf = new byte[256];
        var end = Environment.TickCount64 + timeoutMs;
        while (got.Count < n && Environment.TickCount64 < end)
        {
            var pfd = new Native.PollFd { Fd = fd, Events = Native.POLLIN };
            if (Native.poll(&pfd, 1, 50) <= 0 || (pfd.Revents & Native.POLLIN) == 0)
                continue;
            fixed (byte* p = buf)
            {
                var r = Native.read(fd, p, Math.Min(buf.Length, n - got.Count));
                if (r > 0)
                    got.AddRange(buf.AsSpan(0, (int)r).ToArray());
            }
        }
        return got.ToArray();
    }

    private static unsafe void Write(int fd, byte[] data)
    {
        fixed (byte* p = data)
            Assert.That((int)Native.write(fd, p, data.Length), Is.EqualTo(data.Length));
    }

    private static int OpenHost(string path)
    {
        var fd = Native.open(path, Native.O_RDWR | Native.O_NOCTTY);
        Assert.That(fd, Is.GreaterThanOrEqualTo(0), $"open {path}");
        return fd;
    }

    [Test]
    public void Host_opens_the_stable_symlink_and_gets_answers_in_raw_mode()
    {
        var dir = TempDir();
        using var emu = LiveEmulator.Start(new LiveEmulatorOptions(2, dir), _ => { });
        Assert.That(emu.HostPaths, Is.EqualTo(new[] { Path.Combine(dir, "hci0"), Path.Combine(dir, "hci1") }));
        Assert.That(new FileInfo(emu.HostPaths[0]).LinkTarget, Does.StartWith("/dev/pts/"));
        var fd = OpenHost(emu.HostPaths[0]);
        try
        {
            // Bytes a cooked tty would change or act on (CR, LF, ^C, ^D, ^S): raw mode passes them untouched.
            var cmd = new HciCommand(Op.LeSetRandomAddress, [0x0D, 0x0A, 0x03, 0x04, 0x13, 0xC0]).ToH4();
            Write(fd, new HciCommand(Op.Reset, []).ToH4());
            Assert.That(Read(fd, 7), Is.EqualTo(new byte[] { 4, 0x0E, 4, 1, 0x03, 0x0C, 0 }));
            Write(fd, cmd);
            Assert.That(Read(fd, 7), Is.EqualTo(new byte[] { 4, 0x0E, 4, 1, 0x05, 0x20, 0 }));
            Write(fd, new HciCommand(Op.ReadBdAddr, []).ToH4());
            Assert.That(Read(fd, 13)[7..], Is.EqualTo(emu.Driver.System.Controllers[0].Options.PublicAddress.Bytes));
        }
        finally
        {
            Native.close(fd);
        }
        Directory.Delete(dir, true);
    }

    [Test]
    public void Reopened_pty_holds_nothing_stale_and_the_controller_starts_clean()
    {
        var dir = TempDir();
        using var emu = LiveEmulator.Start(new LiveEmulatorOptions(1, dir), _ => { });
        var fd = OpenHost(emu.HostPaths[0]);
        Write(fd, new HciCommand(Op.Reset, []).ToH4());
        Write(fd, new HciCommand(Op.SetEventMask, BitConverter.GetBytes(ulong.MaxValue)).ToH4());
        Write(fd, new HciCommand(Op.LeSetScanParameters, [0, 0x10, 0, 0x10, 0, 0, 0]).ToH4());
        Write(fd, new HciCommand(Op.LeSetScanEnable, [1, 0]).ToH4());
        Thread.Sleep(200);
        Native.close(fd); // leaves its answers unread
        Assert.That(() => emu.Driver.Invoke(() => emu.Driver.System.Controllers[0].Scanner), Is.Null.After(3000, 20), "the controller forgets a host that left");
        fd = OpenHost(emu.HostPaths[0]);
        try
        {
            Write(fd, new HciCommand(Op.ReadBdAddr, []).ToH4());
            var answer = Read(fd, 13);
            Assert.That(answer[..7], Is.EqualTo(new byte[] { 4, 0x0E, 10, 1, 0x09, 0x10, 0 }), "first bytes are the answer, not leftovers");
        }
        finally
        {
            Native.close(fd);
        }
        Directory.Delete(dir, true);
    }

    [Test]
    public void Truncated_packet_is_dropped_after_a_pause()
    {
        var dir = TempDir();
        var log = new List<string>();
        using var emu = LiveEmulator.Start(new LiveEmulatorOptions(1, dir), m => { lock (log) log.Add(m); });
        var fd = OpenHost(emu.HostPaths[0]);
        try
        {
            Write(fd, [0x01, 0x03, 0x0C, 0x04, 0xAA]);   // 4 parameter bytes announced, 1 sent
            Thread.Sleep(600);
            Write(fd, new HciCommand(Op.Reset, []).ToH4());
            Assert.That(Read(fd, 7), Is.EqualTo(new byte[] { 4, 0x0E, 4, 1, 0x03, 0x0C, 0 }));
            lock (log)
                Assert.That(log, Has.Some.Contains("truncated packet"));
        }
        finally
        {
            Native.close(fd);
        }
        Directory.Delete(dir, true);
    }

    [Test]
    public void Injected_controller_reset_reaches_the_host_as_hardware_error()
    {
        var dir = TempDir();
        using var emu = LiveEmulator.Start(new LiveEmulatorOptions(1, dir), _ => { });
        var fd = OpenHost(emu.HostPaths[0]);
        try
        {
            Write(fd, new HciCommand(Op.Reset, []).ToH4());
            Assert.That(Read(fd, 7), Has.Length.EqualTo(7));
            emu.ResetController(0);
            Assert.That(Read(fd, 4), Is.EqualTo(new byte[] { 4, EventCode.HardwareError, 1, 1 }));
        }
        finally
        {
            Native.close(fd);
        }
        Directory.Delete(dir, true);
    }
}
