namespace Zblegen.Hal.Tests;

/// <summary>
/// The HAL compiles without warnings for the boards' cores and the host, both with the flags the
/// issue asks for (gnu11, -Wall -Wextra -Werror) and with MicroPython's own (its ports build with
/// -std=gnu99 and extra warnings). The cortex-m0plus build must need no atomic library calls (the
/// core has no LDREX/STREX and no library provides __atomic_*_4 there).
/// </summary>
[TestFixture]
public class HalCrossCompileTests
{
    private const string M7 = "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard";
    private const string M0Plus = "-mcpu=cortex-m0plus -mthumb";
    private const string Issue = "-std=gnu11 -Wall -Wextra -Werror";
    private const string MicroPython =
        "-std=gnu99 -Wall -Wextra -Werror -Wpointer-arith -Wdouble-promotion -Wfloat-conversion -Wmissing-prototypes -Wold-style-definition";

    public static IEnumerable<TestCaseData> Targets()
    {
        yield return new TestCaseData("arm-none-eabi-gcc", M7, Issue).SetName("Compile.cortex-m7_PYBD_SF6.gnu11");
        yield return new TestCaseData("arm-none-eabi-gcc", M7, MicroPython).SetName("Compile.cortex-m7_PYBD_SF6.micropython_flags");
        yield return new TestCaseData("arm-none-eabi-gcc", M0Plus, Issue).SetName("Compile.cortex-m0plus_RPI_PICO_W.gnu11");
        yield return new TestCaseData("arm-none-eabi-gcc", M0Plus, MicroPython).SetName("Compile.cortex-m0plus_RPI_PICO_W.micropython_flags");
        yield return new TestCaseData("gcc", "", MicroPython).SetName("Compile.host_unix.micropython_flags");
    }

    [TestCaseSource(nameof(Targets))]
    public void CompilesWithoutWarnings(string compiler, string cpuFlags, string flags)
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
            var args = Split(cpuFlags).Concat(Split(flags)).Concat(["-Os", "-ffunction-sections", "-fdata-sections",
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
