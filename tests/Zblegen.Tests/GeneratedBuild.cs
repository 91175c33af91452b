using System.Collections.Concurrent;
using Zblegen.Core;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// A generation written to a temporary folder and built with its own recipe: what the compile,
/// link and first-breath tests share.
/// </summary>
internal sealed class GeneratedBuild
{
    private GeneratedBuild(string work, string zephyrRoot, HostCompile recipe)
    {
        Work = work;
        ZephyrRoot = zephyrRoot;
        Recipe = recipe;
    }

    public string Work { get; }
    public string ZephyrRoot { get; }
    public HostCompile Recipe { get; }

    /// <summary>The written zephyr_ble/ folder.</summary>
    public string Generated => Path.Combine(Work, Generation.OutputFolder);

    /// <summary>Renders a profile and port, writes it, and resolves the recipe against the real trees (or ignores the test without them).</summary>
    public static GeneratedBuild Prepare(string profile, string port)
    {
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(new ModelLoader(TestPaths.Repo).Load(profile, port));
        var work = TestPaths.NewTempDir();
        var generated = Path.Combine(work, Generation.OutputFolder);
        foreach (var (rel, text) in result.Files)
        {
            var path = Path.Combine(generated, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        return new GeneratedBuild(work, zephyr.Root, HostCompile.For(result).Resolve(zephyr.Root, generated, micropython.Root));
    }

    /// <summary>The host sources and the generated sources, then any extra files.</summary>
    public IReadOnlyList<string> AllSources(params string[] extra) => Recipe.Sources.Concat(Recipe.GeneratedSources).Concat(extra).ToArray();

    /// <summary>Compiles each source in parallel; returns the objects (null output path: syntax and code only) and each failure's messages.</summary>
    public (IReadOnlyList<string> Objects, IReadOnlyList<string> Failures) Compile(IEnumerable<string> sources, IEnumerable<string> flags, bool keepObjects, Func<ProcessResult, bool>? failed = null)
    {
        failed ??= r => r.ExitCode != 0;
        var objects = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(sources.Select((s, i) => (s, i)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var obj = keepObjects ? Path.Combine(Work, $"{item.i}.o") : "/dev/null";
            var result = ProcessRunner.TryRun(Recipe.Compiler, Recipe.Flags.Concat(flags).Concat(new[] { "-c", item.s, "-o", obj }))!;
            if (failed(result))
                failures.Add($"{item.s}:\n{string.Join('\n', result.Output.Split('\n').Where(l => l.Contains("error") || l.Contains("warning")).Take(5))}");
            if (keepObjects)
                objects.Add(obj);
        });
        return (objects.Order(StringComparer.Ordinal).ToArray(), failures.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Links objects into a program with the generated iterable-section fragment, as micropython.mk does; returns its path and the linker's result.</summary>
    public (string Program, ProcessResult Result) Link(IReadOnlyList<string> objects, string name)
    {
        var program = Path.Combine(Work, name);
        var args = new[] { "-T", Path.Combine(Generated, "zephyr_ble_sections.ld") }.Concat(objects).Concat(new[] { "-o", program });
        return (program, ProcessRunner.TryRun(Recipe.Compiler, args)!);
    }
}
