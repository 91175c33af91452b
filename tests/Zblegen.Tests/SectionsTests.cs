using Zblegen.Core;

namespace Zblegen.Tests;

/// <summary>
/// The generated iterable sections and SYS_INIT runner work on a plain GNU ld link, with no linker
/// script: entries from several files form one array, an unused type is an empty range, and init
/// functions run once each in Zephyr's level and priority order. (Entries are in link order, not
/// sorted by name as Zephyr's linker script sorts them.)
/// </summary>
[TestFixture]
[Category("Tree")]
public class SectionsTests
{
    [Test]
    public void Iterable_sections_and_sys_init_work_without_a_linker_script()
    {
        var generatedBuild = GeneratedBuild.Prepare("minimal", "unix");
        var generated = generatedBuild.Generated;
        var dir = generatedBuild.Work;
        var fixtures = Path.Combine(TestPaths.Fixtures, "sections");
        var exe = Path.Combine(dir, "sections");
        var args = new List<string> { "-std=gnu11", "-Wall", "-Werror", "-O2", "-include", Path.Combine(generated, "include", "zephyr_ble_target.h"),
            "-I", Path.Combine(generated, "include"), "-I", Path.Combine(generated, "hal"), "-I", Path.Combine(generatedBuild.ZephyrRoot, "include"),
            Path.Combine(fixtures, "sections_a.c"), Path.Combine(fixtures, "sections_b.c"), Path.Combine(generated, "zephyr_ble_init.c"), "-o", exe };
        var build = ProcessRunner.TryRun("gcc", args)!;
        Assert.That(build.ExitCode, Is.EqualTo(0), build.Output);
        var run = ProcessRunner.TryRun(exe, Array.Empty<string>())!;
        Assert.That(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "items 3 sum 6 count 3 indexed 1",
            "unused 0",
            "init pre_kernel_1 50",
            "init post_kernel 5",
            "init post_kernel 20",
            "init app 10",
            "inits returned -5",
        }));
    }
}
