using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;
using Zblegen.Emulator.Transport;

namespace Zblegen.Tests;

/// <summary>
/// The unix port with the generated Zephyr integration (ports/unix/zephyr through VARIANT_DIR,
/// extmod-out/zephyr_ble as the user C module), built with MicroPython's own make and run on the
/// emulator: against a NimBLE instance in MicroPython's own multitest, and alone through 20 radio
/// on/off cycles with its buffers counted after each.
/// </summary>
[TestFixture]
[Category("Tree")]
[NonParallelizable]
public class FirstLightTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "firstlight", name);

    private static UnixBuilder Builder(out UpstreamTree micropython)
    {
        micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        return new UnixBuilder(TestPaths.Repo, micropython, UnixBuilder.DefaultCacheRoot(ProcessEnvironment.Instance),
            m => TestContext.Progress.WriteLine(m), zephyr);
    }

    [Test]
    public void The_zephyr_unix_build_passes_ble_gap_connect_with_nimble_in_both_orders()
    {
        var builder = Builder(out var micropython);
        if (!File.Exists("/usr/bin/python3"))
            Assert.Ignore("/usr/bin/python3 is missing (run-multitests.py needs it)");
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var work = TestPaths.NewTempDir();
        var runner = new MultitestRunner(new MultitestOptions(micropython.Root, [new("zephyr", zephyr.Path), new("nimble", nimble.Path)],
            ["ble_gap_connect"], work, Path.Combine(work, "captures"), BothOrders: true, TimeoutSeconds: 60), m => TestContext.Progress.WriteLine(m));
        var results = runner.Run().ToList();
        TestContext.Out.Write(MultitestRunner.Table(results));
        Assert.That(results, Has.Count.EqualTo(2));
        Assert.That(results.Where(r => !r.Passed).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    [Test]
    public void Twenty_radio_cycles_leave_no_buffer_or_work_behind_and_a_connection_follows()
    {
        var builder = Builder(out _);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(TestPaths.NewTempDir(), "pty")), _ => { });
        using var peer = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture("peer_peripheral.py"));
        using var host = HostProcesses.Start(zephyr.Path, emulator.HostPaths[0], Fixture("onoff_central.py"));
        var (hostLines, hostErr) = HostProcesses.Finish(host, 90_000);
        var (peerLines, peerErr) = HostProcesses.Finish(peer, 30_000);
        Assert.That(hostLines, Is.EqualTo(new[]
        {
            "pools True free True",
            "cycles 20 leaks []",
            "found True",
            "events ['connect', 'disconnect']",
            "at rest True",
        }), string.Join("\n", hostLines) + "\n" + hostErr);
        Assert.That(peerLines, Is.EqualTo(new[] { "events ['connect', 'disconnect']" }), string.Join("\n", peerLines) + "\n" + peerErr);
    }
}
