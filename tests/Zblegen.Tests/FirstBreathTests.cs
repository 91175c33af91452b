using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Transport;

namespace Zblegen.Tests;

/// <summary>
/// The unmodified Zephyr host, built from the generated integration, runs for real over the H4
/// transport against virtual controllers: the cooperative HAL, the shadow headers, SYS_INIT and
/// the transport working together. A plain POSIX program (Fixtures/firstbreath) stands where
/// MicroPython will.
/// </summary>
[TestFixture]
[Category("Tree")]
public class FirstBreathTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "firstbreath", name);

    /// <summary>The Zephyr host with the POSIX hooks and the given main, linked for unix.</summary>
    private static (string Program, string Work) BuildZephyrProgram(string main)
    {
        var build = GeneratedBuild.Prepare("gatt", "unix");
        var (objects, failures) = build.Compile(build.AllSources(Fixture("posix_hooks.c"), Fixture(main), Path.Combine(TestPaths.Fixtures, "common", "psa_stubs.c")),
            new[] { "-O1" }, keepObjects: true);
        Assert.That(failures, Is.Empty);
        var (program, linked) = build.Link(objects, Path.GetFileNameWithoutExtension(main));
        Assert.That(linked.ExitCode, Is.EqualTo(0), linked.Output);
        return (program, build.Work);
    }

    [Test]
    public void Zephyr_host_enables_and_advertises_on_the_emulator()
    {
        var (program, work) = BuildZephyrProgram("advertise_main.c");
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(1, Path.Combine(work, "pty")), _ => { });
        using var host = HostProcesses.Start(program, emulator.HostPaths[0]);
        var (lines, stderr) = HostProcesses.Finish(host, 60_000);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "inits 0",
            "bt_enable 0",
            "identities 1",
            "bt_le_adv_start 0",
            "bt_le_adv_stop 0",
            "h4 dropped 0",
        }), stderr);
    }

    [Test]
    public void A_nimble_central_connects_to_the_zephyr_peripheral_and_disconnects()
    {
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var nimble = new UnixBuilder(TestPaths.Repo, micropython, CacheFolders.For(ProcessEnvironment.Instance).Build, m => TestContext.Progress.WriteLine(m))
            .FindOrBuild(HostStack.NimBle, rebuild: false);
        var (program, work) = BuildZephyrProgram("peripheral_main.c");
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(work, "pty")), _ => { });
        using var zephyr = HostProcesses.Start(program, emulator.HostPaths[0]);
        using var central = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture("central.py"));
        var (centralLines, centralErr) = HostProcesses.Finish(central, 60_000);
        var (zephyrLines, zephyrErr) = HostProcesses.Finish(zephyr, 30_000);
        Assert.That(centralLines, Is.EqualTo(new[] { "found True", "events ['connect', 'disconnect']" }), centralErr);
        Assert.That(zephyrLines, Is.EqualTo(new[] { "inits 0", "bt_enable 0", "bt_le_adv_start 0", "connected 0", "disconnected 0x13" }), zephyrErr);
    }
}
