namespace Zblegen.Hal.Tests;

/// <summary>
/// The HAL compiles without warnings for every target of bindings/build.json, both with the flags the
/// issue asks for (gnu11, -Wall -Wextra -Werror) and with MicroPython's own (its ports build with
/// -std=gnu99 and extra warnings). The cortex-m0plus build must need no atomic library calls (the
/// core has no LDREX/STREX and no library provides __atomic_*_4 there).
/// </summary>
[TestFixture]
public class HalCrossCompileTests
{
    private const string Issue = "-std=gnu11 -Wall -Wextra -Werror";
    private const string MicroPython =
        "-std=gnu99 -Wall -Wextra -Werror -Wpointer-arith -Wdouble-promotion -Wfloat-conversion -Wmissing-prototypes -Wold-style-definition";

    public static IEnumerable<TestCaseData> Targets() => TargetsOf(HalTarget.OfRepository());

    /// <summary>Every port of the registry, with the issue's flags and with MicroPython's.</summary>
    public static IEnumerable<TestCaseData> TargetsOf(IEnumerable<HalTarget> targets) =>
        from t in targets
        from f in new[] { ("gnu11", Issue), ("micropython_flags", MicroPython) }
        select new TestCaseData(t.Compiler, t.Flags.ToArray(), f.Item2).SetName($"Compile.{t.Label}.{f.Item1}");

    [TestCaseSource(nameof(Targets))]
    public void Compiles_without_warnings(string compiler, string[] targetFlags, string flags)
    {
        if (!HalBuild.OnPath(compiler))
        {
            Assert.Ignore($"{compiler} is not on PATH");
        }
        var outDir = Path.Combine(HalBuild.WorkDir, "obj-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outDir);
        var objects = new List<string>();
        var sources = HalBuild.HalSources.Append(Path.Combine(HalBuild.CDir, "test_forms.c"));
        foreach (var src in sources)
        {
            var obj = Path.Combine(outDir, Path.GetFileNameWithoutExtension(src) + ".o");
            var args = targetFlags.Concat(Split(flags)).Concat(["-Os", "-ffunction-sections", "-fdata-sections",
                "-DZB_FORMS_COMPILE_ONLY", "-I" + HalBuild.HalDir, "-c", src, "-o", obj]);
            var r = HalBuild.Run(compiler, args, 120_000);
            Assert.That(r.ExitCode, Is.EqualTo(0), $"{Path.GetFileName(src)}:\n{r.Stderr}");
            if (!src.EndsWith("test_forms.c", StringComparison.Ordinal))
            {
                objects.Add(obj);
            }
        }
        var prefix = compiler.EndsWith("gcc", StringComparison.Ordinal) ? compiler[..^3] : "";
        if (prefix.Length > 0 && HalBuild.OnPath(prefix + "nm"))
        {
            var nm = HalBuild.Run(prefix + "nm", new[] { "-u" }.Concat(objects), 60_000);
            Assert.That(nm.ExitCode, Is.EqualTo(0), nm.Stderr);
            Assert.That(nm.Stdout, Does.Not.Contain("__atomic_").And.Not.Contain("__sync_"));
        }
        if (prefix.Length > 0 && HalBuild.OnPath(prefix + "size"))
        {
            TestContext.Out.WriteLine(HalBuild.Run(prefix + "size", new[] { "-t" }.Concat(objects), 60_000).Stdout);
        }
    }

    private static IEnumerable<string> Split(string flags) => flags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
