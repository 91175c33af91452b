using System.Collections.Concurrent;
using System.Diagnostics;
using Zblegen.Core;
using Zblegen.Emulator.Transport;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// The unmodified Zephyr host, built from the generated integration, brings itself up with
/// bt_enable() over the H4 transport against a virtual controller, advertises and stops: the
/// cooperative HAL, the shadow headers, SYS_INIT and the transport working together for real.
/// A plain POSIX program (Fixtures/firstbreath/posix_port.c) stands where MicroPython will.
/// </summary>
[TestFixture]
[Category("Tree")]
public class FirstBreathTests
{
    [Test]
    public void Zephyr_host_enables_and_advertises_on_the_emulator()
    {
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var result = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(new ModelLoader(TestPaths.Repo).Load("gatt", "unix"));
        var work = TestPaths.NewTempDir();
        var generated = Path.Combine(work, Generation.OutputFolder);
        foreach (var (rel, text) in result.Files)
        {
            var path = Path.Combine(generated, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        var recipe = HostCompile.For(result).Resolve(zephyr.Root, generated, micropython.Root);
        var sources = recipe.Sources.Concat(recipe.GeneratedSources).Append(Path.Combine(TestPaths.Fixtures, "firstbreath", "posix_port.c")).ToArray();
        var objects = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(sources.Select((s, i) => (s, i)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var obj = Path.Combine(work, $"{item.i}.o");
            var compiled = ProcessRunner.TryRun(recipe.Compiler, recipe.Flags.Concat(new[] { "-O1", "-c", item.s, "-o", obj }))!;
            if (compiled.ExitCode != 0)
                failures.Add($"{item.s}: {compiled.Output}");
            objects.Add(obj);
        });
        Assert.That(failures, Is.Empty);
        var exe = Path.Combine(work, "firstbreath");
        var linked = ProcessRunner.TryRun(recipe.Compiler, objects.Order(StringComparer.Ordinal).Concat(new[] { "-o", exe }))!;
        Assert.That(linked.ExitCode, Is.EqualTo(0), linked.Output);

        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(1, Path.Combine(work, "pty")), _ => { });
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["MICROPYBTUART"] = emulator.HostPaths[0];
        using var host = Process.Start(psi)!;
        var stderr = host.StandardError.ReadToEndAsync();
        var stdout = host.StandardOutput.ReadToEndAsync();
        if (!host.WaitForExit(60_000))
        {
            host.Kill();
            Assert.Fail($"the host did not finish in 60 s: {stdout.Result}\n{stderr.Result}");
        }
        Assert.That(stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "inits 0",
            "bt_enable 0",
            "identities 1",
            "bt_le_adv_start 0",
            "bt_le_adv_stop 0",
            "h4 dropped 0",
        }), stderr.Result);
    }
}
