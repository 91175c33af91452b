using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Zblegen.Hal.Tests;

/// <summary>A C test program: its sources (the first holds main and the RUN list) and extra flags.</summary>
public sealed record CProgram(string Name, string[] Sources, string[] Flags);

/// <summary>What one C test program printed, or why it could not be built or run.</summary>
public sealed record CProgramResult(string? BuildError, int ExitCode, IReadOnlyDictionary<string, string> Lines, string Stdout, string Stderr);

/// <summary>
/// Builds the C test programs against the HAL files of templates/ with the host gcc and runs them.
/// Objects and programs live in a fresh temporary directory.
/// </summary>
internal static partial class HalBuild
{
    public const string HostFlags = "-std=gnu11 -Wall -Wextra -Werror -O1 -g";

    public static readonly CProgram[] Programs =
    [
        new("test_work", ["test_work.c"], []),
        new("test_timer", ["test_timer.c"], []),
        new("test_sync", ["test_sync.c"], []),
        new("test_queue", ["test_queue.c"], []),
        new("test_mem", ["test_mem.c"], []),
        new("test_atomic", ["test_atomic.c"], []),
        // The critical-section path the cortex-m0plus build takes, on the host.
        new("test_atomic_locked", ["test_atomic.c"], ["-DMP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS=0"]),
        new("test_log", ["test_log.c", "test_log_modules.c", "test_log_default.c", "test_log_undefined.c", "test_log_named.c"],
            ["-DMP_BLUETOOTH_ZEPHYR_LOG_LEVEL=LOG_LEVEL_INF"]),
        new("test_log_off", ["test_log_off.c"], []),
        new("test_poll", ["test_poll.c"], []),
        new("test_forms", ["test_forms.c"], []),
        new("test_stress", ["test_stress.c"], []),
        new("test_libc", ["test_libc.c"], []),
    ];

    public static string BaseDir => AppContext.BaseDirectory;
    public static string CDir => Path.Combine(BaseDir, "c");

    /// <summary>The HAL as templates/ holds it (plain C, copied next to the test assembly): the files the generator copies.</summary>
    public static string HalDir => Path.Combine(BaseDir, "templates", "hal");

    private static readonly Lazy<string> s_work = new(NewWorkDir, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<bool> s_sanitizers = new(ProbeSanitizers, LazyThreadSafetyMode.ExecutionAndPublication);
    // All programs are built and run together, in parallel, on first use.
    private static readonly Lazy<IReadOnlyDictionary<string, CProgramResult>> s_results =
        new(BuildAndRunAll, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh temporary directory for this run's objects and programs.</summary>
    public static string WorkDir => s_work.Value;

    public static IEnumerable<string> HalSources =>
        Directory.GetFiles(HalDir, "*.c").OrderBy(p => p, StringComparer.Ordinal);

    public static IEnumerable<string> HalFiles =>
        Directory.GetFiles(HalDir).OrderBy(p => p, StringComparer.Ordinal);

    private static string NewWorkDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zblegen-hal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>C test cases a program declares, in its RUN order.</summary>
    public static IReadOnlyList<string> CasesOf(CProgram program)
    {
        var text = File.ReadAllText(Path.Combine(CDir, program.Sources[0]));
        return RunRegex().Matches(text).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"^\s*RUN\((\w+)\);", RegexOptions.Multiline)]
    private static partial Regex RunRegex();

    public static CProgramResult Result(CProgram program) => s_results.Value[program.Name];

    private static IReadOnlyDictionary<string, CProgramResult> BuildAndRunAll()
    {
        _ = s_sanitizers.Value;
        var results = new ConcurrentDictionary<string, CProgramResult>();
        Parallel.ForEach(Programs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            p => results[p.Name] = BuildAndRun(p));
        return results;
    }

    private static CProgramResult BuildAndRun(CProgram program)
    {
        var outDir = Path.Combine(WorkDir, "bin");
        Directory.CreateDirectory(outDir);
        var exe = Path.Combine(outDir, program.Name);
        var args = new List<string>(HostFlags.Split(' '));
        if (s_sanitizers.Value)
        {
            args.Add("-fsanitize=address,undefined");
            args.Add("-fno-sanitize-recover=undefined");
        }
        args.AddRange(program.Flags);
        args.Add("-I" + HalDir);
        args.Add("-I" + CDir);
        args.AddRange(program.Sources.Select(s => Path.Combine(CDir, s)));
        args.Add(Path.Combine(CDir, "hal_test_port.c"));
        args.AddRange(HalSources);
        args.Add("-o");
        args.Add(exe);
        var build = Run("gcc", args, 120_000);
        if (build.ExitCode != 0)
        {
            return new CProgramResult($"gcc failed ({build.ExitCode}):\n{build.Stderr}", build.ExitCode,
                new Dictionary<string, string>(), build.Stdout, build.Stderr);
        }
        var run = Run(exe, [], 60_000);
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in run.Stdout.Split('\n'))
        {
            var m = ResultRegex().Match(line);
            if (m.Success)
            {
                lines[m.Groups[2].Value] = line.TrimEnd();
            }
        }
        return new CProgramResult(null, run.ExitCode, lines, run.Stdout, run.Stderr);
    }

    [GeneratedRegex(@"^(PASS|FAIL) (\w+)")]
    private static partial Regex ResultRegex();

    private static bool ProbeSanitizers()
    {
        try
        {
            var dir = Path.Combine(WorkDir, "probe");
            Directory.CreateDirectory(dir);
            var src = Path.Combine(dir, "probe.c");
            File.WriteAllText(src, "int main(void) { return 0; }\n");
            var exe = Path.Combine(dir, "probe");
            return Run("gcc", ["-fsanitize=address,undefined", src, "-o", exe], 60_000).ExitCode == 0
                && Run(exe, [], 10_000).ExitCode == 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));

    public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

    public static ProcessResult Run(string file, IEnumerable<string> args, int timeoutMs)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (stdout) { stdout.Append(e.Data).Append('\n'); } } };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (stderr) { stderr.Append(e.Data).Append('\n'); } } };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new ProcessResult(-1, stdout.ToString(), stderr + $"\n(killed after {timeoutMs} ms)");
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
