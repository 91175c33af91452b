using System.Diagnostics;
using System.Text.Json;
using Zblegen.Core;
using Zblegen.Kconfig.Evaluation;
using Zblegen.Kconfig.Output;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Kconfig.Tests;

/// <summary>
/// Not a timed test: prints how long the whole Zephyr tree takes for the full profile, ours and
/// Zephyr's bundled kconfiglib side by side, in the same run: in-process (the work alone, JIT
/// settled on our side, interpreter started on theirs) and as whole processes (a CLI run:
/// start-up, JIT or imports, and the work). Run it with
/// dotnet test tests/Zblegen.Kconfig.Tests -c Release --filter "TestCategory=Benchmark".
/// </summary>
[TestFixture]
[Explicit("benchmark: prints figures, asserts nothing about time")]
[Category("Benchmark")]
[Category("Tree")]
public class BenchmarkTests
{
    private const int Runs = 7;

    [Test]
    public void Full_profile_on_the_whole_Zephyr_tree()
    {
        var tree = ZephyrTree.Require();
        var why = Oracle.Unavailable(ZephyrTree.BundledKconfiglib);
        if (why is not null) Assert.Ignore(why);
        var ctx = ZephyrTree.BoardlessContext();
        var fragments = ProfileLibrary.ForRepo(new RepoLayout(TestPaths.RepoRoot)).Fragments("full", null);
        var outDir = Directory.CreateTempSubdirectory("zb-bench-").FullName;

        // Pairs, ours then theirs, so drift in the machine's load hits both alike. Each side does the
        // same work in its own process: parse, load the fragments, write .config and autoconf.h.
        var ours = new List<(double Wall, double Cpu)>();
        var theirs = new List<(double Wall, double Cpu)>();
        var oursProcess = new List<double>();
        var theirsProcess = new List<double>();
        var cli = Path.Combine(TestPaths.RepoRoot, "artifacts", "zblegen", "zblegen.dll");
        var cliStale = CliStaleness(cli);
        var symbols = 0;
        var theirSymbols = 0;
        var me = Process.GetCurrentProcess();
        // What the JIT compiled during the timed runs (any thread): the in-process figures are meant with it settled.
        var jitTime = TimeSpan.Zero;
        var jitMethods = 0L;
        for (var i = 0; i < Runs + 1; i++)
        {
            me.Refresh();
            var cpu0 = me.TotalProcessorTime;
            var jit0 = System.Runtime.JitInfo.GetCompilationTime();
            var methods0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            var sw = Stopwatch.StartNew();
            var kt = KconfigTree.Load(ctx.KconfigContext);
            var ev = new Evaluation.Evaluation(kt);
            foreach (var f in fragments) ConfigFragment.Load(f.Path, f.DisplayName).ApplyTo(ev);
            File.WriteAllText(Path.Combine(outDir, "config"), ConfigWriters.DotConfig(ev));
            File.WriteAllText(Path.Combine(outDir, "autoconf.h"), ConfigWriters.Autoconf(ev));
            sw.Stop();
            me.Refresh();
            var cpu = (me.TotalProcessorTime - cpu0).TotalSeconds;
            symbols = kt.Symbols.Count;
            if (i == 0)
            {
                // The first run pays for JIT compilation, as a one-shot CLI run does.
                TestContext.Out.WriteLine($"zblegen first run (includes JIT): wall {sw.Elapsed.TotalSeconds:F3} s, cpu {cpu:F3} s");
                continue;
            }
            ours.Add((sw.Elapsed.TotalSeconds, cpu));
            jitTime += System.Runtime.JitInfo.GetCompilationTime() - jit0;
            jitMethods += System.Runtime.JitInfo.GetCompiledMethodCount() - methods0;

            var args = new List<string> { "-B", Path.Combine(TestPaths.ProjectDir, "oracle", "kconfig_bench.py"), ZephyrTree.BundledKconfiglib, "Kconfig", outDir, "1" };
            args.AddRange(fragments.Select(f => f.Path));
            var whole = Stopwatch.StartNew();
            var (code, stdout, stderr) = Oracle.Run(args, ctx.ZephyrBase, ctx.Environment);
            theirsProcess.Add(whole.Elapsed.TotalSeconds);
            Assert.That(code, Is.EqualTo(0), stderr);
            if (cliStale is null) oursProcess.Add(RunCli(cli, outDir));
            using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            theirs.Add((doc.RootElement.GetProperty("seconds")[0].GetDouble(), doc.RootElement.GetProperty("cpu")[0].GetDouble()));
            theirSymbols = doc.RootElement.GetProperty("symbols").GetInt32();
        }
        Directory.Delete(outDir, true);

        static double Median(IEnumerable<double> v) { var a = v.Order().ToArray(); return a[a.Length / 2]; }
        string Row(string name, List<(double Wall, double Cpu)> r) =>
            $"{name,-28} {r.Min(x => x.Wall),8:F3} {Median(r.Select(x => x.Wall)),9:F3} {r.Max(x => x.Wall),8:F3} {Median(r.Select(x => x.Cpu)),11:F3}";
        TestContext.Out.WriteLine($"Zephyr {tree.Version}, profile full, {symbols} symbols, {Runs} interleaved runs each, in-process (parse + fragments + .config + autoconf.h)");
        TestContext.Out.WriteLine($"{"engine",-28} {"min s",8} {"median s",9} {"max s",8} {"median cpu",11}");
        TestContext.Out.WriteLine(Row("zblegen (C#)", ours));
        TestContext.Out.WriteLine(Row("kconfiglib (Zephyr bundled)", theirs));
        var wallRatio = Median(ours.Zip(theirs, (a, b) => b.Wall / a.Wall));
        var cpuRatio = Median(ours.Zip(theirs, (a, b) => b.Cpu / a.Cpu));
        TestContext.Out.WriteLine($"speed-up, median of pairwise ratios: wall {wallRatio:F1}x, cpu {cpuRatio:F1}x");
        TestContext.Out.WriteLine($"JIT during zblegen's timed runs: {jitMethods} methods, {jitTime.TotalMilliseconds:F0} ms");
        TestContext.Out.WriteLine("whole processes, wall s (ours: zblegen config --profile full; theirs: python3 parse + fragments + write)");
        string ProcessRow(string name, List<double> r) => $"{name,-28} {r.Min(),8:F3} {Median(r),9:F3} {r.Max(),8:F3}";
        TestContext.Out.WriteLine($"{"process",-28} {"min s",8} {"median s",9} {"max s",8}");
        if (cliStale is null)
        {
            TestContext.Out.WriteLine(ProcessRow("zblegen CLI (dotnet)", oursProcess));
            TestContext.Out.WriteLine(ProcessRow("kconfiglib (python3)", theirsProcess));
            TestContext.Out.WriteLine($"speed-up, median of pairwise ratios: wall {Median(oursProcess.Zip(theirsProcess, (a, b) => b / a)):F1}x");
        }
        else
        {
            TestContext.Out.WriteLine(ProcessRow("kconfiglib (python3)", theirsProcess));
            TestContext.Out.WriteLine($"zblegen CLI: not timed, {cliStale}");
        }
        Assert.That(symbols, Is.EqualTo(theirSymbols));
    }

    /// <summary>Why the CLI build cannot stand for these sources (null when it can): the test does not build it, ./zblegen does.</summary>
    private static string? CliStaleness(string cli)
    {
        if (!File.Exists(cli)) return "artifacts/zblegen is not built (run ./zblegen once)";
        var built = File.GetLastWriteTimeUtc(cli);
        var tools = Path.Combine(TestPaths.RepoRoot, "tools");
        var newer = Directory.EnumerateFiles(tools, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > built);
        return newer is null ? null : $"artifacts/zblegen is older than {Path.GetRelativePath(TestPaths.RepoRoot, newer)} (run ./zblegen once to rebuild it)";
    }

    /// <summary>Wall seconds of one CLI run, as a user starts it.</summary>
    private static double RunCli(string cli, string outDir)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestPaths.RepoRoot };
        foreach (var a in new[] { cli, "config", "--profile", "full", "--out", Path.Combine(outDir, "cli") }) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var seconds = sw.Elapsed.TotalSeconds;
        Assert.That(p.ExitCode, Is.EqualTo(0), stderr.Result + stdout.Result);
        return seconds;
    }
}
