using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Multitest;
using Zblegen.Emulator.Transport;
using Zblegen.Generator;

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

    private static UnixBuilder Builder(out UpstreamTree micropython) => TestPaths.UnixBuilderOrIgnore(out micropython);

    private static IReadOnlyList<MultitestResult> RunMultitest(UpstreamTree micropython, HostBinary a, HostBinary b, string test, bool bothOrders) =>
        RunMultitests(micropython, a, b, [test], bothOrders);

    private static IReadOnlyList<MultitestResult> RunMultitests(UpstreamTree micropython, HostBinary a, HostBinary b, string[] tests, bool bothOrders,
        IReadOnlyList<ControllerQuirks>? quirks = null)
    {
        if (!File.Exists("/usr/bin/python3"))
            Assert.Ignore("/usr/bin/python3 is missing (run-multitests.py needs it)");
        var work = TestPaths.NewTempDir();
        var runner = new MultitestRunner(new MultitestOptions(micropython.Root, [a, b], tests, work, Path.Combine(work, "captures"), BothOrders: bothOrders, TimeoutSeconds: 60,
            Quirks: quirks), m => TestContext.Progress.WriteLine(m));
        var results = runner.Run().ToList();
        TestContext.Out.Write(MultitestRunner.Table(results));
        return results;
    }

    [Test]
    public void The_zephyr_unix_build_passes_ble_gap_connect_with_nimble_in_both_orders()
    {
        var builder = Builder(out var micropython);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var results = RunMultitest(micropython, new("zephyr", zephyr.Path), new("nimble", nimble.Path), "ble_gap_connect", bothOrders: true);
        Assert.That(results, Has.Count.EqualTo(2));
        Assert.That(results.Where(r => !r.Passed).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    /// <summary>
    /// Bytes before the answer to HCI Reset that start a frame they never finish (torn-frame-on-reset) are dropped:
    /// without that the answer was read as that frame's parameters and the host stopped (Zephyr and NimBLE alike).
    /// privacy_rpa restarts a host, so the second Reset is met too.
    /// </summary>
    [Test]
    public void A_frame_torn_before_the_answer_to_reset_is_dropped_and_the_hosts_start_and_restart()
    {
        var zephyr = Builder(out var micropython).FindOrBuild(HostStack.Zephyr, rebuild: false);
        var results = RunMultitests(micropython, new("zephyr", zephyr.Path), new("zephyr", zephyr.Path), ["ble_gap_connect", TestPaths.OurMultitest("privacy_rpa")],
            bothOrders: false, ControllerQuirks.Parse(["torn-frame-on-reset"], 2));
        Assert.That(results.Where(r => !r.Passed).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    /// <summary>
    /// run-multitests.py left the instances it had started running when it failed (here: a four-instance test given
    /// two hosts, the others not found); they shared the ptys with the next test's instances, which then missed
    /// answers and did not start. The runner ends the whole process group.
    /// </summary>
    [Test]
    public void A_multitest_that_fails_to_start_leaves_no_instance_to_disturb_the_next()
    {
        var zephyr = Builder(out var micropython).FindOrBuild(HostStack.Zephyr, rebuild: false);
        var results = RunMultitests(micropython, new("zephyr", zephyr.Path), new("zephyr", zephyr.Path),
            [TestPaths.OurMultitest("ble_l2cap_three_peripherals"), "ble_gap_connect"], bothOrders: false);
        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[] { "error", "pass" }));
    }

    /// <summary>
    /// The full profile (SMP, privacy, L2CAP channels, settings), the default, takes its PSA Crypto from MicroPython's
    /// own mbedtls, built once for ssl and Bluetooth (MBEDTLS_USER_CONFIG_FILE), and keeps its settings in the RAM
    /// store: the host starts with its identity stored, raises no secret IRQ while it holds no bond (as NimBLE), has
    /// the same identity after a radio cycle, and runs GATT against NimBLE.
    /// </summary>
    [Test]
    public void The_default_full_profile_uses_micropythons_mbedtls_and_the_settings_store_and_passes_ble_characteristic_with_nimble()
    {
        var builder = Builder(out var micropython);
        var full = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var objects = builder.BuildDir(HostStack.Zephyr);
        Assert.That(File.Exists(Path.Combine(objects, "lib", "mbedtls", "library", "psa_crypto.o")), "PSA from MicroPython's lib/mbedtls, in the build folder");
        Assert.That(Directory.EnumerateFiles(objects, "crypto_psa.o", SearchOption.AllDirectories), Is.Not.Empty, "the host's crypto_psa.c");
        using (var emulator = LiveEmulator.Start(new LiveEmulatorOptions(1, Path.Combine(TestPaths.NewTempDir(), "pty")), _ => { }))
        {
            using var host = HostProcesses.Start(full.Path, emulator.HostPaths[0], Fixture("settings_full.py"));
            var (lines, stderr) = HostProcesses.Finish(host, 60_000);
            Assert.That(lines, Is.EqualTo(new[] { "stored True given 0 same mac True" }), string.Join("\n", lines) + "\n" + stderr);
        }
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var results = RunMultitest(micropython, new("zephyr-full", full.Path), new("nimble", nimble.Path), "ble_characteristic", bothOrders: false);
        Assert.That(results.Where(r => !r.Passed).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    [Test]
    public void Without_a_controller_activation_fails_the_same_way_every_time()
    {
        var zephyr = Builder(out _).FindOrBuild(HostStack.Zephyr, rebuild: false);
        using var host = HostProcesses.Start(zephyr.Path, Path.Combine(TestPaths.NewTempDir(), "no-such-tty"), Fixture("no_controller.py"));
        var (lines, stderr) = HostProcesses.Finish(host, 60_000);
        Assert.That(lines.Where(l => !l.StartsWith("zephyr")), Is.EqualTo(new[] { "OSError True False", "OSError True False" }), string.Join("\n", lines) + "\n" + stderr);
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

    /// <summary>
    /// A fault inside the host (here forced with _zephyr_ble.fault(), as a failed assertion raises it) ends that host
    /// and nothing else: the connection is reported gone, active() reads False, and active(True) starts a host that
    /// connects again. 20 in a row, then the host's buffers and work items are back where they started.
    /// </summary>
    [Test]
    public void Twenty_host_faults_in_a_row_each_end_in_a_disconnect_irq_and_a_host_that_connects_again()
    {
        var builder = Builder(out _);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(TestPaths.NewTempDir(), "pty")), _ => { });
        using var peer = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture("fault_peer.py"));
        using var host = HostProcesses.Start(zephyr.Path, emulator.HostPaths[0], Fixture("fault_central.py"));
        var (hostLines, hostErr) = HostProcesses.Finish(host, 200_000);
        var (peerLines, peerErr) = HostProcesses.Finish(peer, 30_000);
        Assert.That(hostLines, Is.EqualTo(new[]
        {
            "faults 20 failures []",
            "connected again True",
            "events ['connect', 'disconnect']",
            "at rest True 0 0 0",
        }), string.Join("\n", hostLines) + "\n" + hostErr);
        Assert.That(hostErr, Does.Not.Contain("FATAL"));
        Assert.That(peerLines, Is.EqualTo(new[] { "connects 21 disconnects 21" }), string.Join("\n", peerLines) + "\n" + peerErr);
    }

    /// <summary>
    /// A controller that lists LE Set PHY but never answers it (quirk ignore-phy) made the host assert after its 10 s
    /// command timeout. The transport answers for it after 2 s: the host's PHY update, which the user turned on
    /// (off by default), fails alone and the connection goes on (a read, then a disconnection).
    /// </summary>
    [Test]
    public void A_command_the_controller_never_answers_fails_alone_and_the_connection_goes_on()
    {
        var builder = Builder(out _);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var quirks = ControllerQuirks.Parse(["ignore-phy"], 2);
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(TestPaths.NewTempDir(), "pty"), Quirks: quirks), _ => { });
        using var peer = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture("peer_peripheral.py"));
        using var host = HostProcesses.Start(zephyr.Path, emulator.HostPaths[0], Fixture("guard_central.py"));
        var (hostLines, hostErr) = HostProcesses.Finish(host, 60_000);
        var (peerLines, peerErr) = HostProcesses.Finish(peer, 30_000);
        Assert.That(hostLines, Is.EqualTo(new[]
        {
            "defaults False False",
            "ValueError unknown config param",
            "name read True",
            "events ['connect', 'discovered', 'disconnect']",
            "timeouts True",
        }), string.Join("\n", hostLines) + "\n" + hostErr);
        Assert.That(peerLines, Is.EqualTo(new[] { "events ['connect', 'disconnect']" }), string.Join("\n", peerLines) + "\n" + peerErr);
    }

    /// <summary>
    /// The unix host runs from MicroPython's scheduler, which a blocking call (time.sleep's select, a read of stdin)
    /// does not reach: a peripheral sleeping 12 s used to leave its central unanswered for all of it. The poll thread
    /// now interrupts the call, MicroPython runs the pass and resumes the call: a NimBLE central reads the name.
    /// </summary>
    [Test]
    public void The_host_answers_while_python_blocks_in_time_sleep()
    {
        var builder = Builder(out _);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(TestPaths.NewTempDir(), "pty")), _ => { });
        using var host = HostProcesses.Start(zephyr.Path, emulator.HostPaths[0], Fixture("blocking_peripheral.py"));
        using var peer = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture("name_central.py"));
        var (peerLines, peerErr) = HostProcesses.Finish(peer, 60_000);
        var (hostLines, hostErr) = HostProcesses.Finish(host, 30_000);
        Assert.That(peerLines, Is.EqualTo(new[] { "name b'blocked'" }), string.Join("\n", peerLines) + "\n" + peerErr);
        Assert.That(hostLines, Is.EqualTo(new[] { "events ['connect', 'disconnect']" }), string.Join("\n", hostLines) + "\n" + hostErr);
    }

    /// <summary>
    /// Writes that reach the host in one pass are each stored at once, but their IRQs come after the pass: each IRQ
    /// must still read the value its own write stored, as with NimBLE, whose IRQ runs inside the write. A NimBLE
    /// central writes 20 values without response back to back.
    /// </summary>
    [Test]
    public void Each_write_irq_reads_the_value_its_write_stored_when_writes_arrive_back_to_back()
    {
        var builder = Builder(out _);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(TestPaths.NewTempDir(), "pty")), _ => { });
        using var host = HostProcesses.Start(zephyr.Path, emulator.HostPaths[0], Fixture("write_burst_peripheral.py"));
        using var peer = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture("write_burst_central.py"));
        var (peerLines, peerErr) = HostProcesses.Finish(peer, 60_000);
        var (hostLines, hostErr) = HostProcesses.Finish(host, 30_000);
        Assert.That(peerLines, Is.EqualTo(new[] { "wrote 20" }), string.Join("\n", peerLines) + "\n" + peerErr);
        Assert.That(hostLines, Is.EqualTo(new[]
        {
            "events ['connect', 'disconnect']",
            "values [" + string.Join(", ", Enumerable.Range(0, 20)) + "]",
        }), string.Join("\n", hostLines) + "\n" + hostErr);
    }
}
