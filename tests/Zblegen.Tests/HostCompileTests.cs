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

    public static IEnumerable<TestCaseData> LinkCases() =>
        new[] { "minimal", "connections", "gatt" }.Select(p => new TestCaseData(p).SetName($"Host_links_and_starts_{p}_unix"));

    /// <summary>
    /// On unix the host, lib/net_buf, the HAL and the generated sources link into a program whose
    /// only outside needs are the port hooks, the HCI device and PSA Crypto (stubbed by
    /// Fixtures/link/link_stubs.c); the program then runs the host's SYS_INIT entries.
    /// </summary>
    [TestCaseSource(nameof(LinkCases))]
    public void Host_links_with_only_the_port_hooks_missing(string profile)
    {
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(new ModelLoader(TestPaths.Repo).Load(profile, "unix"));
        var work = TestPaths.NewTempDir();
        var generated = Path.Combine(work, Generation.OutputFolder);
        foreach (var (rel, text) in result.Files)
        {
            var path = Path.Combine(generated, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        var recipe = HostCompile.For(result).Resolve(zephyr.Root, generated, micropython.Root);
        var sources = recipe.Sources.Concat(recipe.GeneratedSources).Append(Path.Combine(TestPaths.Fixtures, "link", "link_stubs.c")).ToArray();
        var objects = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(sources.Select((s, i) => (s, i)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var obj = Path.Combine(work, $"{item.i}.o");
            var compiled = ProcessRunner.TryRun(recipe.Compiler, recipe.Flags.Concat(new[] { "-Os", "-c", item.s, "-o", obj }))!;
            if (compiled.ExitCode != 0)
                failures.Add($"{item.s}: {compiled.Output}");
            objects.Add(obj);
        });
        Assert.That(failures, Is.Empty);
        var exe = Path.Combine(work, "host");
        var linked = ProcessRunner.TryRun(recipe.Compiler, objects.Order(StringComparer.Ordinal).Concat(new[] { "-o", exe }))!;
        var undefined = linked.Output.Split('\n').Where(l => l.Contains("undefined reference")).Select(l => l[(l.IndexOf("undefined reference", StringComparison.Ordinal))..]).Distinct();
        Assert.That(linked.ExitCode, Is.EqualTo(0), string.Join('\n', undefined.DefaultIfEmpty(linked.Output)));
        var run = ProcessRunner.TryRun(exe, Array.Empty<string>())!;
        Assert.That(run.ExitCode, Is.EqualTo(0), "every SYS_INIT entry of the host returned 0");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}
