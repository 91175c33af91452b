using System.ComponentModel;
using System.Diagnostics;

namespace Zblegen.Emulator.Multitest;

/// <summary>
/// The processes a multitest run started and has not yet stopped (QEMU, run-multitests.py and the instances it
/// starts). Each is stopped by whoever started it; when zblegen itself is told to stop (SIGTERM, Ctrl-C), those
/// finally blocks never run, so the signal handler kills what is still here.
/// </summary>
public sealed class LiveChildren
{
    private readonly Dictionary<int, Process> _live = [];

    /// <summary>Tracks a started process until the returned handle is disposed.</summary>
    public IDisposable Track(Process process)
    {
        lock (_live)
            _live[process.Id] = process;
        return new Untrack(this, process.Id);
    }

    /// <summary>How many tracked processes are still running.</summary>
    public int Running
    {
        get
        {
            lock (_live)
                return _live.Values.Count(IsRunning);
        }
    }

    /// <summary>Kills every tracked process and what it started.</summary>
    public void KillAll()
    {
        Process[] all;
        lock (_live)
            all = [.. _live.Values];
        foreach (var p in all)
        {
            try
            {
                p.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private static bool IsRunning(Process p)
    {
        try
        {
            return !p.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private sealed class Untrack(LiveChildren owner, int id) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._live)
                owner._live.Remove(id);
        }
    }
}
