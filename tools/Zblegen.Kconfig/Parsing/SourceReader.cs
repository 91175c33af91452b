using System.Runtime.InteropServices;

namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// Reads whole Kconfig files into one reused byte buffer. Zephyr's tree is some 2,700 small files,
/// and .NET's file handles spend seven system calls on each (two fstat, a flock and its unlock), which
/// is a tenth of the whole parse; on Linux a file is read with plain open/read/close instead.
/// </summary>
internal sealed partial class SourceReader
{
    private byte[] _bytes = new byte[64 * 1024];

    /// <summary>The file's bytes (valid until the next read), or false when it does not exist.</summary>
    /// <exception cref="IOException">It exists but cannot be read.</exception>
    public bool TryRead(string path, out ReadOnlySpan<byte> bytes)
    {
        int count;
        if (OperatingSystem.IsLinux())
        {
            var fd = Native.Open(path, Native.ReadOnly | Native.CloseOnExec);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Native.NoEntry or Native.NotDirectory)
                {
                    bytes = default;
                    return false;
                }
                throw new IOException($"{path}: open failed (errno {errno})");
            }
            try
            {
                count = 0;
                while (true)
                {
                    if (count == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
                    var n = Native.Read(fd, ref _bytes[count], _bytes.Length - count);
                    if (n == 0) break;
                    if (n < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == Native.Interrupted) continue;
                        throw new IOException($"{path}: read failed (errno {errno})");
                    }
                    count += (int)n;
                }
            }
            finally
            {
                Native.Close(fd);
            }
        }
        else
        {
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var length = checked((int)RandomAccess.GetLength(handle));
                if (length > _bytes.Length) _bytes = new byte[length];
                count = 0;
                while (count < length)
                {
                    var n = RandomAccess.Read(handle, _bytes.AsSpan(count, length - count), count);
                    if (n == 0) break;
                    count += n;
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                bytes = default;
                return false;
            }
        }
        bytes = _bytes.AsSpan(0, count);
        return true;
    }

    private static partial class Native
    {
        public const int ReadOnly = 0, CloseOnExec = 0x80000;
        public const int NoEntry = 2, Interrupted = 4, NotDirectory = 20;

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
        public static partial nint Read(int fd, ref byte buffer, nint count);

        [LibraryImport("libc", EntryPoint = "close")]
        public static partial int Close(int fd);
    }
}
