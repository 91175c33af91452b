namespace Zblegen.Emulator.Multitest;

/// <summary>
/// run-multitests.py compares what an instance printed and never looks at how it ended, so an instance that died on
/// a signal after printing what was expected (in its deinit at exit, say) would pass. Each instance runs under a small
/// sh wrapper that forwards run-multitests' terminate and, when the instance died on any other signal, prints a
/// CRASH line into its output, which then no longer matches.
/// </summary>
public static class CrashWatch
{
    public const string Marker = "CRASH: killed by signal";

    /// <summary>Writes the wrapper for a binary into dir and returns its path.</summary>
    public static string Wrap(string binary, string dir, string name)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{name}-watched");
        // Stdin goes through fd 3: sh gives a background command /dev/null otherwise, and multitests talk on stdin.
        File.WriteAllText(path, $"""
            #!/bin/sh
            exec 3<&0
            {Quote(binary)} "$@" 0<&3 3<&- &
            child=$!
            exec 3<&-
            trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
            while :; do
                wait "$child"; rc=$?
                kill -0 "$child" 2>/dev/null || break
            done
            if [ "$rc" -gt 128 ] && [ "$rc" -ne 143 ]; then echo "{Marker} $((rc - 128))"; fi
            exit "$rc"

            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
