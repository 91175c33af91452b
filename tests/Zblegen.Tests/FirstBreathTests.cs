using System.Diagnostics;
using Zblegen.Emulator.Transport;

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
        var build = GeneratedBuild.Prepare("gatt", "unix");
        var fixtures = TestPaths.Fixtures;
        var (objects, failures) = build.Compile(build.AllSources(Path.Combine(fixtures, "firstbreath", "posix_port.c"), Path.Combine(fixtures, "common", "psa_stubs.c")),
            new[] { "-O1" }, keepObjects: true);
        Assert.That(failures, Is.Empty);
        var (exe, linked) = build.Link(objects, "firstbreath");
        Assert.That(linked.ExitCode, Is.EqualTo(0), linked.Output);

        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(1, Path.Combine(build.Work, "pty")), _ => { });
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
