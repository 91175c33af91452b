using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Run;

/// <summary>
/// One MicroPython unix instance of a run: a label for its output, the binary (whose host stack it talks with), and
/// the script it runs, or none for an interactive REPL on the terminal.
/// </summary>
public sealed record RunInstance(string Label, string Binary, string? Script)
{
    public bool IsRepl => Script is null;
}

/// <param name="Instances">Instance i talks to controller i.</param>
/// <param name="Emulator">The radio; its controller count is the instances'.</param>
/// <param name="ModulePaths">Folders ahead of MicroPython's default module path (MICROPYPATH), in order.</param>
/// <param name="Timeout">Null: no limit.</param>
public sealed record RunOptions(
    IReadOnlyList<RunInstance> Instances,
    LiveEmulatorOptions Emulator,
    IReadOnlyList<string> ModulePaths,
    TimeSpan? Timeout = null);

/// <summary>How a run ended.</summary>
public enum RunEnd
{
    /// <summary>Every instance ended by itself (or the REPL did).</summary>
    Finished,

    /// <summary>A script instance exited non-zero; the others were stopped.</summary>
    Failed,

    /// <summary>The timeout passed; every instance was stopped.</summary>
    TimedOut,

    /// <summary>Ctrl-C or SIGTERM; every instance was stopped.</summary>
    Interrupted,
}

/// <summary>An instance that ended by itself, with its exit code (128 + N when signal N ended it).</summary>
public sealed record InstanceExit(int Index, int ExitCode);

public sealed record RunResult(RunEnd End, IReadOnlyList<InstanceExit> Exits)
{
    /// <summary>124 on timeout, 130 on interrupt, else the first non-zero exit of an instance, else 0 (as `timeout` and shells count).</summary>
    public int ExitCode => End switch
    {
        RunEnd.TimedOut => 124,
        RunEnd.Interrupted => 130,
        _ => Exits.Select(e => e.ExitCode).FirstOrDefault(c => c != 0),
    };
}

/// <summary>What a run reports while it runs; called from several threads, one call at a time.</summary>
public interface IRunObserver
{
    void Line(int instance, string text, bool stderr);

    void Exited(InstanceExit exit);
}
