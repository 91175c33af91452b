using System.Diagnostics;
using System.Text.Json;
using Zblegen.Core;
using Zblegen.Kconfig.Evaluation;
using Zblegen.Kconfig.Output;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Kconfig.Tests;

/// <summary>
/// Not a timed test: prints how long the whole Zephyr tree takes for the full profile, ours and
/// Zephyr's bundled kconfiglib side by side, in the same run. Run it with
/// dotnet test tests/Zblegen.Kconfig.Tests --filter "TestCategory=Benchmark".
/// </summary>
[TestFixture]
[Explicit("benchmark: prints figures, asserts nothing about time")]
[Category("Benchmark")]
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
        var symbols = 0;
        var theirSymbols = 0;
        var me = Process.GetCurrentProcess();
        for (var i = 0; i < Runs + 1; i++)
        {
            me.Refresh();
            var cpu0 = me.TotalProcessorTime;
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

            var args = new List<string> { "-B", Path.Combine(TestPaths.ProjectDir, "oracle", "kconfig_bench.py"), ZephyrTree.BundledKconfiglib, "Kconfig", outDir, "1" };
            args.AddRange(fragments.Select(f => f.Path));
            var (code, stdout, stderr) = Oracle.Run(args, ctx.ZephyrBase, ctx.Environment);
            Assert.That(code, Is.EqualTo(0), stderr);
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
        Assert.That(symbols, Is.EqualTo(theirSymbols));
    }
}
