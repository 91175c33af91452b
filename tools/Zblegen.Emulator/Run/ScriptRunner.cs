using System.Collections.Concurrent;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Run;

/// <summary>
/// Runs users' MicroPython scripts, each in its own unix instance on its own emulated controller, all on one radio.
/// The run ends when every instance has ended by itself, when a script fails (the others are stopped: they would wait
/// for a peer that is gone), when the REPL ends, at the timeout, or on the interrupt; no instance outlives it.
/// </summary>
public sealed class ScriptRunner
{
    /// <summary>MicroPython's own module path on unix, kept behind ours (frozen asyncio, ~/.micropython/lib).</summary>
    public const string DefaultMicroPyPath = ".frozen:~/.micropython/lib:/usr/lib/micropython";

    private readonly RunOptions _o;
    private readonly Action<string> _log;

    public ScriptRunner(RunOptions options, Action<string> log)
    {
        if (options.Instances.Count == 0)
            throw new ArgumentException("a run needs at least one instance", nameof(options));
        if (options.Instances.Count(i => i.IsRepl) > 1)
            throw new ArgumentException("a run has at most one REPL", nameof(options));
        _o = options;
        _log = log;
    }

    /// <summary>MICROPYPATH for every instance: our folders, then the user's MICROPYPATH or MicroPython's default.</summary>
    public static string MicroPyPath(IReadOnlyList<string> modulePaths, string? userPath) =>
        string.Join(":", modulePaths.Append(string.IsNullOrEmpty(userPath) ? DefaultMicroPyPath : userPath));

    /// <summary>Runs to the end; <paramref name="interrupt"/> stops every instance (exit 130).</summary>
    public RunResult Run(IRunObserver observer, CancellationToken interrupt)
    {
        var n = _o.Instances.Count;
        using var emu = LiveEmulator.Start(_o.Emulator with { Controllers = n }, _log);
        using var exits = new BlockingCollection<InstanceExit>();
        var processes = new List<InstanceProcess>();
        var gate = new object();
        var ended = new List<InstanceExit>();
        var end = RunEnd.Finished;
        try
        {
            var microPyPath = MicroPyPath(_o.ModulePaths, Environment.GetEnvironmentVariable("MICROPYPATH"));
            for (var i = 0; i < n; i++)
            {
                var index = i;
                var env = new Dictionary<string, string> { ["MICROPYBTUART"] = emu.HostPaths[i], ["MICROPYPATH"] = microPyPath };
                processes.Add(InstanceProcess.Start(_o.Instances[i], env,
                    (text, stderr) => { lock (gate) observer.Line(index, text, stderr); },
                    code => exits.Add(new InstanceExit(index, code))));
                _log($"{_o.Instances[i].Label}: pid {processes[i].Id} on {emu.HostPaths[i]}");
            }
            var deadline = DateTime.UtcNow + (_o.Timeout ?? TimeSpan.Zero);
            var repl = _o.Instances.ToList().FindIndex(x => x.IsRepl);
            while (ended.Count < n)
            {
                // The deadline, not a fixed wait per exit: the limit is for the whole run.
                var waitMs = _o.Timeout is null ? Timeout.Infinite : (int)Math.Max(0, Math.Ceiling((deadline - DateTime.UtcNow).TotalMilliseconds));
                if (!exits.TryTake(out var exit, waitMs, interrupt))
                {
                    end = RunEnd.TimedOut;
                    break;
                }
                ended.Add(exit);
                lock (gate)
                    observer.Exited(exit);
                if (exit.Index == repl)
                    break;
                // With a REPL the user is in charge: a failed script is reported, not a reason to end the session.
                if (exit.ExitCode != 0 && repl < 0)
                {
                    end = RunEnd.Failed;
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            end = RunEnd.Interrupted;
        }
        finally
        {
            foreach (var p in processes)
                p.Stop();
            foreach (var p in processes)
                p.Dispose();
        }
        return new RunResult(end, ended);
    }
}
