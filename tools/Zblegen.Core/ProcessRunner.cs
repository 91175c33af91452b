using System.ComponentModel;
using System.Diagnostics;

namespace Zblegen.Core;

/// <summary>What a finished program printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>Runs a program to completion with its output captured (both streams read at once, so neither pipe can fill).</summary>
public static class ProcessRunner
{
    /// <summary>The result, or null when the program is not on PATH.</summary>
    public static ProcessResult? TryRun(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return new ProcessResult(p.ExitCode, stdout, stderr.Result);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
