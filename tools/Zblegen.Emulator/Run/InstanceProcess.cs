using System.ComponentModel;
using System.Diagnostics;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Run;

/// <summary>
/// One running MicroPython instance. A script instance runs in a session of its own (setsid), so the terminal's Ctrl-C
/// reaches only zblegen, which stops it; its output comes line by line. A REPL instance keeps the terminal.
/// </summary>
internal sealed class InstanceProcess : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly Process _process;
    private readonly Thread _waiter;

    private InstanceProcess(Process process, Thread waiter)
    {
        _process = process;
        _waiter = waiter;
    }

    /// <param name="onLine">Each line of output, stderr marked.</param>
    /// <param name="onExit">The exit code, once every line of output was delivered.</param>
    public static InstanceProcess Start(RunInstance instance, IReadOnlyDictionary<string, string> environment, Action<string, bool> onLine, Action<int> onExit)
    {
        var psi = new ProcessStartInfo(instance.IsRepl ? instance.Binary : "setsid") { UseShellExecute = false };
        if (!instance.IsRepl)
        {
            // Not a group leader, so setsid execs in place: the pid is micropython's.
            psi.ArgumentList.Add(instance.Binary);
            psi.ArgumentList.Add(instance.Script!);
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = true;
            psi.RedirectStandardInput = true;
        }
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {psi.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {psi.FileName}: {e.Message}", e);
        }
        if (!instance.IsRepl)
        {
            p.StandardInput.Close(); // a script reading stdin gets end of file, as with nothing attached on a board
            p.OutputDataReceived += (_, e) => { if (e.Data != null) onLine(e.Data, false); };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) onLine(e.Data, true); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }
        // WaitForExit() without a limit returns only after both output streams reached their end.
        var waiter = new Thread(() => { p.WaitForExit(); onExit(p.ExitCode); }) { IsBackground = true, Name = $"run {instance.Label}" };
        waiter.Start();
        return new InstanceProcess(p, waiter);
    }

    public int Id => _process.Id;

    /// <summary>SIGTERM, then SIGKILL after a grace period; returns when the process and its output are gone.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            Native.kill(_process.Id, Native.SIGTERM);
            if (!_process.WaitForExit(Grace))
                _process.Kill(entireProcessTree: true);
        }
        _waiter.Join();
    }

    public void Dispose() => _process.Dispose();
}
