using System.Runtime.InteropServices;

namespace Zblegen.Emulator.Transport;

/// <summary>The few libc calls a pseudo-terminal needs (Linux, glibc).</summary>
internal static partial class Native
{
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_CLOEXEC = 0x80000;
    public const int TCSANOW = 0;
    public const int TCIFLUSH = 0;
    public const int TCOFLUSH = 1;
    public const int TCIOFLUSH = 2;
    public const int O_NONBLOCK = 0x800;
    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    /// <summary>struct termios is 60 bytes on glibc; a larger buffer is harmless.</summary>
    public const int TermiosSize = 128;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    public const int SIGTERM = 15;
    public const int SIGKILL = 9;

    /// <summary>Signals a process (a run's instances get SIGTERM first, so they can end as they would on their own).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int ptsname_r(int fd, byte* buf, nuint buflen);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint read(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint write(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc")]
    public static unsafe partial void cfmakeraw(byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcflush(int fd, int queueSelector);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc")]
    public static partial int gettid();

    public const int PR_SET_TIMERSLACK = 29;
    public const int SCHED_FIFO = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int sched_setscheduler(int pid, int policy, int* param);

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int ppoll(PollFd* fds, nuint nfds, Timespec* timeout, void* sigmask);

    /// <summary>
    /// Sleeps for <paramref name="us"/> microseconds (precise once the thread's timer slack is small), in ppoll
    /// as the paced driver waits, only without its eventfd: the timing benchmark's reference waits the same way.
    /// </summary>
    public static unsafe void SleepUs(long us)
    {
        var t = new Timespec { Seconds = us / 1_000_000, Nanoseconds = us % 1_000_000 * 1000 };
        ppoll(null, 0, &t, null);
    }

    public static int Errno => Marshal.GetLastPInvokeError();
}
