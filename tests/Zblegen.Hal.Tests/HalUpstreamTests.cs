namespace Zblegen.Hal.Tests;

/// <summary>
/// Zephyr's own sources compiled unmodified against the HAL: lib/net_buf (built and run on the
/// host with the fake port, and compiled for the boards' cores) and the host's long_wq.c.
/// Needs the Zephyr tree (ZEPHYR_BASE or ~/.cache/zblegen/upstream/zephyrproject/zephyr);
/// skipped without it. The shadow headers here are test stand-ins for the generated ones.
/// </summary>
[TestFixture]
[Category("Tree")]
public class HalUpstreamTests
{
    private const string Program = "test_net_buf";

    private static readonly string[] UpstreamSources =
        ["lib/net_buf/buf.c", "lib/net_buf/buf_simple.c", "subsys/bluetooth/host/long_wq.c"];

    private static readonly string[] ConfigDefines =
    [
        "-DCONFIG_LITTLE_ENDIAN=1", "-DCONFIG_NET_BUF_ALIGNMENT=0",
        "-DCONFIG_BT_LONG_WQ_STACK_SIZE=1300", "-DCONFIG_BT_LONG_WQ_PRIO=10", "-DCONFIG_BT_LONG_WQ_INIT_PRIO=50",
    ];

    private static readonly Lazy<HalBuild.ProcessResult?> s_run = new(BuildAndRunNetBuf, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string? ZephyrTree()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ZEPHYR_BASE");
        string[] candidates =
        [
            fromEnv ?? "",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "zblegen", "upstream", "zephyrproject", "zephyr"),
        ];
        return candidates.FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "lib", "net_buf", "buf.c")));
    }

    private static string RequireZephyr() =>
        ZephyrTree() ?? throw new IgnoreException("no Zephyr tree (set ZEPHYR_BASE or fetch it into ~/.cache/zblegen/upstream)");

    private static IEnumerable<string> IncludeFlags(string zephyr) =>
    [
        "-I" + Path.Combine(HalBuild.CDir, "upstream"), "-I" + HalBuild.HalDir, "-I" + HalBuild.CDir,
        "-I" + Path.Combine(zephyr, "include"),
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        HalBuild.CasesOf(new CProgram(Program, ["upstream/test_net_buf.c"], []))
            .Select(c => new TestCaseData(c).SetName($"Upstream.{Program}.{c}"));

    private static HalBuild.ProcessResult? BuildAndRunNetBuf()
    {
        var zephyr = ZephyrTree();
        if (zephyr == null)
        {
            return null;
        }
        var exe = Path.Combine(HalBuild.WorkDir, "bin-upstream", Program);
        Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
        var args = new List<string> { "-std=gnu11", "-Wall", "-Werror", "-O1", "-g", "-DCONFIG_X86=1", "-DCONFIG_64BIT=1" };
        args.AddRange(ConfigDefines);
        args.AddRange(IncludeFlags(zephyr));
        args.Add(Path.Combine(HalBuild.CDir, "upstream", "test_net_buf.c"));
        args.AddRange(UpstreamSources.Take(2).Select(s => Path.Combine(zephyr, s)));
        args.Add(Path.Combine(HalBuild.CDir, "hal_test_port.c"));
        args.AddRange(HalBuild.HalSources);
        args.AddRange(["-o", exe]);
        var build = HalBuild.Run("gcc", args, 120_000);
        if (build.ExitCode != 0)
        {
            return new HalBuild.ProcessResult(build.ExitCode, "", "gcc failed:\n" + build.Stderr);
        }
        return HalBuild.Run(exe, [], 60_000);
    }

    [TestCaseSource(nameof(Cases))]
    public void Net_buf_on_the_hal(string testCase)
    {
        RequireZephyr();
        var run = s_run.Value!;
        var line = run.Stdout.Split('\n').FirstOrDefault(l => l == "PASS " + testCase || l.StartsWith("FAIL " + testCase + ":", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"no result for {testCase} (exit {run.ExitCode})\n{run.Stdout}\n{run.Stderr}");
        Assert.That(line, Does.StartWith("PASS "), line);
    }

    /// <summary>Every target of bindings/build.json, as its build compiles the host.</summary>
    public static IEnumerable<TestCaseData> Targets() =>
        HalTarget.OfRepository().Select(t => new TestCaseData(t.Label, t.Compiler, t.Flags.ToArray()).SetName($"Upstream.compile.{t.Label}"));

    [TestCaseSource(nameof(Targets))]
    public void Upstream_sources_compile_with_wall_werror(string name, string compiler, string[] targetFlags)
    {
        var zephyr = RequireZephyr();
        if (!HalBuild.OnPath(compiler))
        {
            Assert.Ignore($"{compiler} is not on PATH");
        }
        var outDir = Path.Combine(HalBuild.WorkDir, "upstream-" + name);
        Directory.CreateDirectory(outDir);
        foreach (var src in UpstreamSources)
        {
            var obj = Path.Combine(outDir, Path.GetFileNameWithoutExtension(src) + ".o");
            // Zephyr's own code is built as Zephyr builds it: -Wall, not -Wextra.
            var args = targetFlags.Concat(["-std=gnu11", "-Wall", "-Werror", "-Os"]).Concat(ConfigDefines)
                .Concat(IncludeFlags(zephyr)).Concat(["-c", Path.Combine(zephyr, src), "-o", obj]);
            var r = HalBuild.Run(compiler, args, 120_000);
            Assert.That(r.ExitCode, Is.EqualTo(0), $"{src}:\n{r.Stderr}");
        }
    }
}
