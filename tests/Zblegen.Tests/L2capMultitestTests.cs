using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// L2CAP channels and raw HCI commands of the Zephyr backend on the full profile, run as multitests on the
/// emulator: MicroPython's own L2CAP tests against NimBLE, and ours in tests/multi_bluetooth (several
/// channels on one link, three links at once, hci_cmd).
/// </summary>
[TestFixture]
[Category("Tree")]
[Category("Multitest")]
[NonParallelizable]
public class L2capMultitestTests
{
    private static UnixBuilder Builder(out UpstreamTree micropython)
    {
        var builder = TestPaths.UnixBuilderOrIgnore(out micropython);
        if (!File.Exists("/usr/bin/python3"))
            Assert.Ignore("/usr/bin/python3 is missing (run-multitests.py needs it)");
        return builder;
    }

    private static HostBinary Zephyr(UnixBuilder builder) => new("zephyr", builder.FindOrBuild(HostStack.Zephyr, rebuild: false).Path);

    private static void AssertAllPass(UpstreamTree micropython, IReadOnlyList<HostBinary> hosts, IReadOnlyList<string> tests, bool bothOrders, int expected)
    {
        var work = TestPaths.NewTempDir();
        var runner = new MultitestRunner(new MultitestOptions(micropython.Root, hosts, tests, work, Path.Combine(work, "captures"), BothOrders: bothOrders, TimeoutSeconds: 120),
            m => TestContext.Progress.WriteLine(m));
        var results = runner.Run().ToList();
        TestContext.Out.Write(MultitestRunner.Table(results));
        Assert.That(results, Has.Count.EqualTo(expected));
        Assert.That(results.Where(r => r.Outcome != "pass").Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
    }

    [Test]
    public void Ble_l2cap_and_perf_l2cap_pass_between_zephyr_and_nimble_in_both_orders()
    {
        var builder = Builder(out var micropython);
        var nimble = new HostBinary("nimble", builder.FindOrBuild(HostStack.NimBle, rebuild: false).Path);
        AssertAllPass(micropython, [Zephyr(builder), nimble], ["ble_l2cap", "perf_l2cap"], bothOrders: true, expected: 4);
    }

    [Test]
    public void Four_l2cap_channels_on_one_connection_stream_both_ways_at_once_intact_and_in_order()
    {
        var builder = Builder(out var micropython);
        var zephyr = Zephyr(builder);
        AssertAllPass(micropython, [zephyr, zephyr], [TestPaths.OurMultitest("ble_l2cap_four_channels")], bothOrders: false, expected: 1);
    }

    [Test]
    public void A_central_holds_three_peripherals_each_notifying_and_streaming_both_ways_over_its_own_channel()
    {
        var builder = Builder(out var micropython);
        var zephyr = Zephyr(builder);
        AssertAllPass(micropython, [zephyr, zephyr, zephyr, zephyr], [TestPaths.OurMultitest("ble_l2cap_three_peripherals")], bothOrders: false, expected: 1);
    }

    [Test]
    public void Hci_cmd_gives_the_controller_version_and_the_raw_status_of_refused_commands()
    {
        var builder = Builder(out var micropython);
        var zephyr = Zephyr(builder);
        AssertAllPass(micropython, [zephyr, zephyr], [TestPaths.OurMultitest("ble_hci_cmd")], bothOrders: false, expected: 1);
    }
}
