using System.Diagnostics;
using Zblegen.Core;

namespace Zblegen.Build;

/// <summary>Runs MicroPython's own make for one build, its output into a log file beside the build folders.</summary>
internal sealed class MakeRunner
{
    private readonly string _logDir;
    private readonly Action<string> _log;

    public MakeRunner(string logDir, Action<string> log)
    {
        _logDir = logDir;
        _log = log;
    }

    public string LogPath(string what) => Path.Combine(_logDir, $"{what}.log");

    /// <summary>
    /// Empties a build folder that was made from other inputs (another clone's extmod-out, another tree, other make
    /// variables): make's dependency files name headers by absolute path, so it would not see this build's changes.
    /// </summary>
    public void ForgetOtherInputs(string buildDir, IEnumerable<string> inputs)
    {
        var stampPath = Path.Combine(buildDir, "zblegen-inputs.txt");
        var stamp = string.Join("\n", inputs) + "\n";
        if (Directory.Exists(buildDir) && (!File.Exists(stampPath) || File.ReadAllText(stampPath) != stamp))
        {
            _log($"{buildDir}: made from other inputs; building from scratch");
            Directory.Delete(buildDir, recursive: true);
        }
        Directory.CreateDirectory(buildDir);
        File.WriteAllText(stampPath, stamp);
    }

    /// <param name="env">Variables for make's environment (the rp2 port's CMake reads some there).</param>
    public void Run(string dir, IReadOnlyList<string> args, string what, IReadOnlyDictionary<string, string>? env = null) =>
        RunTool("make", dir, [$"-j{Math.Max(1, Environment.ProcessorCount)}", .. args], what, env);

    /// <summary>Runs one build tool (make, cmake) in dir, its output into the log named what.</summary>
    public void RunTool(string tool, string dir, IReadOnlyList<string> args, string what, IReadOnlyDictionary<string, string>? env = null)
    {
        var log = LogPath(what);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        var shownEnv = env is null ? "" : string.Concat(env.Select(kv => $"{kv.Key}={kv.Value} "));
        _log($"{shownEnv}{tool} {(tool == "make" ? $"-C {dir} " : "")}{string.Join(" ", args)}");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new ZblegenException($"cannot start {tool}; install it (apt-get install {tool})");
        using var output = new StreamWriter(log);
        var lockObj = new object();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (lockObj) output.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (lockObj) output.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.WaitForExit();
        lock (lockObj)
            output.Flush();
        if (p.ExitCode != 0)
        {
            var tail = File.ReadLines(log).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).LastOrDefault() ?? "(no error line)";
            throw new ZblegenException($"{what}: {tool} failed (exit {p.ExitCode}): {tail.Trim()}; full log in {log}");
        }
        _log($"{what}: built in {sw.Elapsed.TotalSeconds:F0} s");
    }
}
