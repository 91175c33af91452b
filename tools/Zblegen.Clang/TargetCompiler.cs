using Zblegen.Core;

namespace Zblegen.Clang;

/// <summary>
/// A compiler zblegen builds for, and what libclang needs to parse as it would: the target triple,
/// the CPU flags, and the compiler's own system include directories (libclang ships no builtin headers,
/// so they come from the target compiler, as clangd's query-driver does).
/// </summary>
public sealed record TargetCompiler(string Name, string Driver, string? ClangTarget, IReadOnlyList<string> Flags, string InstallHint)
{
    /// <summary>The host's own gcc with no CPU flags: what the scans parse MicroPython's and Zephyr's headers as.</summary>
    public static readonly TargetCompiler Host = ForDriver("gcc");

    /// <summary>The compiler a port builds with, as bindings/build.json names it: its driver and CPU flags.</summary>
    public static TargetCompiler For(PortTarget target) =>
        ForDriver(target.Compiler) with { Name = target.Board, Flags = target.CpuFlags };

    /// <summary>A compiler driver with no CPU flags. A cross gcc is named by its target (arm-none-eabi-gcc), which is
    /// the triple libclang parses for; the host gcc leaves libclang at its default.</summary>
    public static TargetCompiler ForDriver(string driver)
    {
        var triple = driver.EndsWith("-gcc", StringComparison.Ordinal) ? driver[..^"-gcc".Length] : null;
        var hint = driver switch
        {
            "gcc" => "apt-get install gcc",
            "arm-none-eabi-gcc" => "apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi",
            _ => $"install {driver} and put it on PATH",
        };
        return new(triple ?? "host", driver, triple, Array.Empty<string>(), hint);
    }

    /// <summary>The compiler's system include directories, in search order, as it reports them with -E -v.</summary>
    public IReadOnlyList<string> QuerySystemIncludes()
    {
        var verbose = Run(Flags.Concat(new[] { "-E", "-v", "-x", "c", "/dev/null" }));
        var dirs = new List<string>();
        var inList = false;
        foreach (var raw in verbose.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("#include <...> search starts here:"))
                inList = true;
            else if (line.StartsWith("End of search list."))
                break;
            else if (inList && line.StartsWith(' '))
                dirs.Add(Path.GetFullPath(line.Trim()));
        }
        var builtin = Run(Flags.Append("-print-file-name=include")).Trim();
        if (Directory.Exists(builtin) && !dirs.Contains(Path.GetFullPath(builtin)))
            dirs.Insert(0, Path.GetFullPath(builtin));
        if (dirs.Count == 0)
            throw new ZblegenException($"{Driver} -E -v listed no system include directories; check the compiler installation ({InstallHint})");
        return dirs;
    }

    /// <summary>The arguments that make libclang see what this compiler sees: target, flags, -nostdinc and the system dirs.</summary>
    public IReadOnlyList<string> ClangArguments()
    {
        var args = new List<string> { "-x", "c", "-std=gnu11", "-nostdinc" };
        if (ClangTarget != null)
            args.Add($"--target={ClangTarget}");
        args.AddRange(Flags);
        foreach (var dir in QuerySystemIncludes())
        {
            args.Add("-isystem");
            args.Add(dir);
        }
        return args;
    }

    /// <summary>The compiler's version line, or null when it is not installed.</summary>
    public string? TryVersion()
    {
        try { return Run(new[] { "--version" }).Split('\n')[0].Trim(); }
        catch (ZblegenException) { return null; }
    }

    private string Run(IEnumerable<string> args)
    {
        var list = args.ToArray();
        var result = ProcessRunner.TryRun(Driver, list) ?? throw new ZblegenException($"{Driver} not found on PATH; install it: {InstallHint}");
        if (result.ExitCode != 0)
            throw new ZblegenException($"{Driver} {string.Join(' ', list)} failed with exit code {result.ExitCode}; check the compiler installation ({InstallHint})");
        return result.Output;
    }
}
