using System.Collections.Concurrent;
using Zblegen.Core;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// The unmodified Zephyr host, lib/net_buf, subsys/bluetooth/common and the HAL compile with zero
/// warnings under -Werror at -Os (as the boards build), for every profile and every port's compiler,
/// through the generated headers.
/// </summary>
[TestFixture]
[Category("Tree")]
public class HostCompileTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from profile in new[] { "minimal", "connections", "gatt", "full" }
        from port in new[] { "unix", "pybd_sf6", "rpi_pico_w" }
        select new TestCaseData(profile, port).SetName($"Host_compiles_{profile}_{port}");

    [TestCaseSource(nameof(Cases))]
    public void Host_compiles_without_warnings(string profile, string port)
    {
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(new ModelLoader(TestPaths.Repo).Load(profile, port));
        var generated = Path.Combine(TestPaths.NewTempDir(), Generation.OutputFolder);
        foreach (var (rel, text) in result.Files)
        {
            var path = Path.Combine(generated, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        var recipe = HostCompile.For(result).Resolve(zephyr.Root, generated, micropython.Root);
        if (!OnPath(recipe.Compiler))
            Assert.Ignore($"needs {recipe.Compiler} on PATH (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)");

        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(recipe.Sources.Concat(recipe.GeneratedSources), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, source =>
        {
            var result = ProcessRunner.TryRun(recipe.Compiler, recipe.Flags.Concat(new[] { "-Os", "-Werror", "-c", source, "-o", "/dev/null" }))!;
            var output = result.Output;
            if (result.ExitCode != 0 || output.Contains("warning:"))
                failures.Add($"{source}:\n{string.Join('\n', output.Split('\n').Where(l => l.Contains("error") || l.Contains("warning")).Take(5))}");
        });
        Assert.That(failures.OrderBy(f => f, StringComparer.Ordinal), Is.Empty, $"{recipe.Sources.Count} host sources and {recipe.GeneratedSources.Count} generated sources (HAL, init runner) with {recipe.Compiler}");
        Assert.That(recipe.Sources, Has.Some.EndsWith("subsys/bluetooth/host/hci_core.c"));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}
