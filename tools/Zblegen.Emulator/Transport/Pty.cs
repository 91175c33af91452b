using System.Text;

namespace Zblegen.Emulator.Transport;

/// <summary>
/// A pseudo-terminal whose master end we keep. The slave end is put in raw mode at creation
/// (so nothing is echoed or translated before the host configures it) and reached through a
/// stable symlink.
/// </summary>
public sealed class Pty : IDisposable
{
    private Pty(int masterFd, string slavePath, string? linkPath)
    {
        MasterFd = masterFd;
        SlavePath = slavePath;
        LinkPath = linkPath;
    }

    public int MasterFd { get; private set; }
    public string SlavePath { get; }
    public string? LinkPath { get; }
    /// <summary>The path a host should open: the symlink if there is one.</summary>
    public string HostPath => LinkPath ?? SlavePath;

    public static unsafe Pty Open(string? linkPath)
    {
        var fd = Native.posix_openpt(Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC);
        if (fd < 0)
            throw new IOException($"posix_openpt failed (errno {Native.Errno})");
        if (Native.grantpt(fd) != 0 || Native.unlockpt(fd) != 0)
        {
            Native.close(fd);
            throw new IOException($"grantpt/unlockpt failed (errno {Native.Errno})");
        }
        var buf = stackalloc byte[128];
        if (Native.ptsname_r(fd, buf, 128) != 0)
        {
            Native.close(fd);
            throw new IOException($"ptsname_r failed (errno {Native.Errno})");
        }
        var slave = Encoding.ASCII.GetString(new ReadOnlySpan<byte>(buf, 128).TrimEnd((byte)0)).Split('\0')[0];
        MakeRaw(slave);
        if (linkPath != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(linkPath))!);
            if (File.Exists(linkPath) || new FileInfo(linkPath).LinkTarget != null)
                File.Delete(linkPath);
            File.CreateSymbolicLink(linkPath, slave);
        }
        return new Pty(fd, slave, linkPath);
    }

    /// <summary>Raw mode on the slave side; the settings stay while the master is open.</summary>
    private static unsafe void MakeRaw(string slavePath)
    {
        var sfd = Native.open(slavePath, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC);
        if (sfd < 0)
            throw new IOException($"open {slavePath} failed (errno {Native.Errno})");
        try
        {
            var t = stackalloc byte[Native.TermiosSize];
            if (Native.tcgetattr(sfd, t) != 0)
                throw new IOException($"tcgetattr {slavePath} failed (errno {Native.Errno})");
            Native.cfmakeraw(t);
            if (Native.tcsetattr(sfd, Native.TCSANOW, t) != 0)
                throw new IOException($"tcsetattr {slavePath} failed (errno {Native.Errno})");
        }
        finally
        {
            Native.close(sfd);
        }
    }

    /// <summary>Discards bytes written for a host that has gone.</summary>
    public void FlushTowardsHost() => Native.tcflush(MasterFd, Native.TCOFLUSH);

    /// <summary>
    /// Discards what a departed host left unread: it stays in the slave's input queue, where the
    /// next host would read it as the start of its own session. Only that direction: a host that
    /// reopened before this runs may already have written its first command, and flushing the
    /// slave's output too could drop it while the pty still holds it in flight.
    /// </summary>
    public void DiscardUnreadBySlave()
    {
        var sfd = Native.open(SlavePath, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC | Native.O_NONBLOCK);
        if (sfd < 0)
            return;
        Native.tcflush(sfd, Native.TCIFLUSH);
        Native.close(sfd);
    }

    public void Dispose()
    {
        if (MasterFd >= 0)
        {
            Native.close(MasterFd);
            MasterFd = -1;
        }
        if (LinkPath != null)
        {
            try { File.Delete(LinkPath); } catch (IOException) { }
        }
    }
}
