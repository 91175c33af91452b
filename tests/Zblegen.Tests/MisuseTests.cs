using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Transport;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>
/// NimBLE's API contract, misuse included: every bluetooth.BLE method called before active(True), with wrong types,
/// out-of-range values and unknown handles while active, and after active(False), on the Zephyr and the NimBLE unix
/// builds. Neither crashes, and each call ends the same way on both (the exception's type and errno), but for the
/// few cases listed below.
/// </summary>
[TestFixture]
[Category("Tree")]
[NonParallelizable]
public class MisuseTests
{
    /// <summary>The calls that end differently on NimBLE, and why the Zephyr build does not follow it there.</summary>
    private static readonly Dictionary<string, string> NimBleDiffers = new()
    {
        ["inactive gattc_exchange_mtu"] = "NimBLE's binding does not check that it is active: ENOMEM from its stopped host (Zephyr: ENODEV)",
        ["after gattc_exchange_mtu"] = "NimBLE's binding does not check that it is active: ENOTCONN (Zephyr: ENODEV)",
        ["wrong gatts_register_services(after a failed one)"] = "a registration that failed part way leaves NimBLE's service table half built: the next one fails with ENOMEM, the one after works",
        ["inactive gap_pair"] = "NimBLE's binding does not check that it is active: ENOTCONN from its stopped host (Zephyr: ENODEV)",
        ["after gap_pair"] = "NimBLE's binding does not check that it is active: ENOTCONN from its stopped host (Zephyr: ENODEV)",
        ["inactive gap_passkey(2)"] = "NimBLE's binding does not check that it is active: ENOENT from its stopped host (Zephyr: ENODEV)",
        ["inactive gap_passkey(3)"] = "NimBLE's binding does not check that it is active: ENOENT from its stopped host (Zephyr: ENODEV)",
        ["inactive gap_passkey(4)"] = "NimBLE's binding does not check that it is active: ENOENT from its stopped host (Zephyr: ENODEV)",
        ["after gap_passkey(2)"] = "NimBLE's binding does not check that it is active: ENOENT from its stopped host (Zephyr: ENODEV)",
        ["after gap_passkey(3)"] = "NimBLE's binding does not check that it is active: ENOENT from its stopped host (Zephyr: ENODEV)",
        ["after gap_passkey(4)"] = "NimBLE's binding does not check that it is active: ENOENT from its stopped host (Zephyr: ENODEV)",
        ["wrong config(addr_mode=9)"] = "NimBLE ignores an unknown address mode (Zephyr: EINVAL)",
        ["wrong gap_advertise(40 bytes)"] = "NimBLE passes its own error code through as errno -18 (Zephyr: EINVAL)",
        ["wrong gap_advertise(bad ad)"] = "NimBLE advertises a malformed AD structure as given; Zephyr's API takes AD structures and builds the PDU itself, so the binding refuses it (EINVAL)",
        ["wrong gatts_notify(unknown)"] = "without a value NimBLE reads the attribute before it looks at the connection, and passes its own BLE_HS_EAPP through as errno -9 (Zephyr: ENOTCONN)",
    };

    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "misuse", name);

    /// <summary>Runs a fixture on the Zephyr build and one on the NimBLE build at once, each with a controller of one emulator.</summary>
    private static (string[] Zephyr, string[] NimBle, string Report) RunBoth(string zephyrFixture, string nimbleFixture, string? profile = null)
    {
        var builder = TestPaths.UnixBuilderOrIgnore(out _, profile);
        var zephyr = builder.FindOrBuild(HostStack.Zephyr, rebuild: false);
        var nimble = builder.FindOrBuild(HostStack.NimBle, rebuild: false);
        using var emulator = LiveEmulator.Start(new LiveEmulatorOptions(2, Path.Combine(TestPaths.NewTempDir(), "pty")), _ => { });
        using var z = HostProcesses.Start(zephyr.Path, emulator.HostPaths[0], Fixture(zephyrFixture));
        using var n = HostProcesses.Start(nimble.Path, emulator.HostPaths[1], Fixture(nimbleFixture));
        var (zLines, zErr) = HostProcesses.Finish(z, 120_000);
        var (nLines, nErr) = HostProcesses.Finish(n, 120_000);
        return (zLines, nLines, $"zephyr:\n{string.Join("\n", zLines)}\n{zErr}\nnimble:\n{string.Join("\n", nLines)}\n{nErr}");
    }

    private static string Label(string line) => line.Split(" |")[0];

    // The gatt profile has no L2CAP channels nor pairing (the full profile has): those calls are absent from its build.
    private static bool Compared(string zephyrLine) => !zephyrLine.EndsWith("| absent") && !NimBleDiffers.ContainsKey(Label(zephyrLine));

    [TestCase(null)]
    [TestCase("gatt")]
    public void Every_ble_method_misused_ends_as_on_nimble_without_a_crash(string? profile)
    {
        var (zLines, nLines, report) = RunBoth("misuse.py", "misuse.py", profile);
        Assert.That(zLines.LastOrDefault(), Is.EqualTo("done"), report);
        Assert.That(nLines.LastOrDefault(), Is.EqualTo("done"), report);
        Assert.That(zLines, Has.Length.EqualTo(nLines.Length), report);
        // A call one build lacks (hci_cmd is compiled into Zephyr's full profile only) is not compared.
        var differences = zLines.Zip(nLines).Where(p => p.First != p.Second && Compared(p.First) && !p.Second.EndsWith("| absent"))
            .Select(p => $"zephyr: {p.First}\nnimble: {p.Second}");
        Assert.That(differences, Is.Empty, report);
        var stale = zLines.Zip(nLines).Where(p => p.First == p.Second && NimBleDiffers.ContainsKey(Label(p.First))).Select(p => p.First);
        Assert.That(stale, Is.Empty, "the same on both builds now: take them off NimBleDiffers\n" + report);
    }

    /// <summary>
    /// Events held back (as in one long pass of the host) while a NimBLE central connects, writes 43 values and
    /// disconnects: the queue fills with writes, and the connection and the disconnection still reach Python; the
    /// writes that did not fit are counted. Python's gatts_write after the peer's write keeps its value when that
    /// write's IRQ comes later. The central's two reads of an append buffer both see what it holds, and only
    /// Python's gatts_read empties it.
    /// </summary>
    [Test]
    public void Held_events_keep_the_connection_events_a_newer_gatts_write_and_an_append_buffer_a_peer_reads()
    {
        var (hostLines, peerLines, report) = RunBoth("held_peripheral.py", "held_central.py");
        Assert.That(peerLines, Is.EqualTo(new[] { "reads [b'abcd', b'abcd']" }), report);
        Assert.That(hostLines, Is.EqualTo(new[]
        {
            "first ['connect'] last ['disconnect'] dropped True",
            "buffer b'abcd' b'' own b'mine'",
        }), report);
    }

    /// <summary>
    /// A value longer than the ATT MTU allows goes as one Write Request cut to MTU - 3, as NimBLE's binding sends it
    /// (Zephyr would send prepared writes, and the server would store more than a NimBLE client writes).
    /// </summary>
    [Test]
    public void A_write_longer_than_the_mtu_allows_is_one_write_request_cut_to_mtu_minus_3()
    {
        var (hostLines, peerLines, report) = RunBoth("long_write_central.py", "long_write_peripheral.py");
        Assert.That(hostLines, Has.Length.EqualTo(1), report);
        var mtu = int.Parse(hostLines[0].Split(' ')[^1]);
        Assert.That(hostLines[0], Does.StartWith("status 0 mtu "), report);
        Assert.That(peerLines, Is.EqualTo(new[] { "events ['connect', 'disconnect']", $"lengths [{mtu - 3}]" }), report);
    }
}
