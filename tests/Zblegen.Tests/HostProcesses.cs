using System.Diagnostics;

namespace Zblegen.Tests;

/// <summary>Host programs (POSIX stand-ins or MicroPython unix builds) run against an emulated controller's pty.</summary>
internal static class HostProcesses
{
    public static Process Start(string file, string uart, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["MICROPYBTUART"] = uart;
        return Process.Start(psi)!;
    }

    /// <summary>Waits for a started process, killing it after the limit; its stdout lines, and stderr.</summary>
    public static (string[] Lines, string Stderr) Finish(Process p, int limitMs)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limitMs))
            p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return (stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.Result);
    }
}
