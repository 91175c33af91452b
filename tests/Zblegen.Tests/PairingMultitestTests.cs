using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// Pairing and bonding on the full profile, against NimBLE in both orders on the emulator: MicroPython's pairing
/// multitests, and ours in tests/multi_bluetooth (passkey entry, numeric comparison, a bond kept in a file over a
/// host restart, RPA advertising resolved by the bonded central). A failure is accepted only where a binding's known
/// limit names it.
/// </summary>
[TestFixture]
[Category("Tree")]
[NonParallelizable]
public class PairingMultitestTests
{
    [Test]
    public void Pairing_and_bonding_tests_pass_against_nimble_in_both_orders()
    {
        var builder = TestPaths.UnixBuilderOrIgnore(out var micropython);
        if (!File.Exists("/usr/bin/python3"))
            Assert.Ignore("/usr/bin/python3 is missing (run-multitests.py needs it)");
        var full = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        var work = TestPaths.NewTempDir();
        string[] tests = ["ble_gap_pair", "ble_gap_pair_bond", TestPaths.OurMultitest("pair_passkey"), TestPaths.OurMultitest("pair_numeric_comparison"), TestPaths.OurMultitest("bond_restart"), TestPaths.OurMultitest("privacy_rpa")];
        var runner = new MultitestRunner(new MultitestOptions(micropython.Root, [new("zephyr", full.Path), new("nimble", nimble.Path)], tests, work,
            Path.Combine(work, "captures"), BothOrders: true, TimeoutSeconds: 90), m => TestContext.Progress.WriteLine(m));
        var results = runner.Run().ToList();
        TestContext.Out.Write(MultitestRunner.Table(results));
        Assert.That(results, Has.Count.EqualTo(2 * tests.Length));
        Assert.That(results.Where(r => !r.Passed && MultitestRunner.KnownLimit(r) is null).Select(r => $"{r.Test} [{r.Order}]: {r.Outcome}\n{r.Output}"), Is.Empty);
        Assert.That(results.Where(r => r.Test.StartsWith("ble_gap_pair")).Select(r => r.Outcome), Is.All.EqualTo("pass"), "MicroPython's own, in both orders");
    }
}
