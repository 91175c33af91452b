namespace Zblegen.Hal.Tests;

/// <summary>
/// The HAL compiles without warnings for the boards' cores, and the cortex-m0plus build needs no
/// atomic library calls (it has no LDREX/STREX).
/// </summary>
[TestFixture]
public class HalCrossCompileTests
{
    public static IEnumerable<TestCaseData> Targets()
    {
        yield return new TestCaseData("cortex-m7", "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard").SetName("Arm.cortex-m7_PYBD_SF6");
        yield return new TestCaseData("cortex-m0plus", "-mcpu=cortex-m0plus -mthumb").SetName("Arm.cortex-m0plus_RPI_PICO_W");
    }

    [TestCaseSource(nameof(Targets))]
    public void CompilesWithWallWerror(string name, string cpuFlags)
    {
        if (!HalBuild.OnPath("arm-none-eabi-gcc"))
        {
            Assert.Ignore("arm-none-eabi-gcc is not on PATH");
        }
        var outDir = Path.Combine(HalBuild.RenderedDir, "arm-" + name);
        Directory.CreateDirectory(outDir);
        var objects = new List<string>();
        var sources = HalBuild.HalSources.Append(Path.Combine(HalBuild.CDir, "test_forms.c"));
        foreach (var src in sources)
        {
            var obj = Path.Combine(outDir, Path.GetFileNameWithoutExtension(src) + ".o");
            var args = cpuFlags.Split(' ').Concat(["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Os",
                "-ffunction-sections", "-fdata-sections", "-DZB_FORMS_COMPILE_ONLY",
                "-I" + HalBuild.RenderedDir, "-c", src, "-o", obj]);
            var r = HalBuild.Run("arm-none-eabi-gcc", args, 120_000);
            Assert.That(r.ExitCode, Is.EqualTo(0), $"{Path.GetFileName(src)}:\n{r.Stderr}");
            if (!src.EndsWith("test_forms.c", StringComparison.Ordinal))
            {
                objects.Add(obj);
            }
        }
        if (HalBuild.OnPath("arm-none-eabi-nm"))
        {
            var nm = HalBuild.Run("arm-none-eabi-nm", new[] { "-u" }.Concat(objects), 60_000);
            Assert.That(nm.ExitCode, Is.EqualTo(0), nm.Stderr);
            Assert.That(nm.Stdout, Does.Not.Contain("__atomic_").And.Not.Contain("__sync_"));
        }
        if (HalBuild.OnPath("arm-none-eabi-size"))
        {
            var size = HalBuild.Run("arm-none-eabi-size", new[] { "-t" }.Concat(objects), 60_000);
            TestContext.Out.WriteLine(size.Stdout);
        }
    }
}
