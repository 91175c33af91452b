using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

public class ControllerCommandTests
{
    private static ScriptedHost Host(out EmulatedSystem sys, int controllers = 1)
    {
        sys = new EmulatedSystem(controllers);
        return new ScriptedHost(sys, 0);
    }

    [TestCase(HostFlavour.NimBle)]
    [TestCase(HostFlavour.BtStack)]
    [TestCase(HostFlavour.Zephyr)]
    public void Init_sequence_of_each_host_succeeds(HostFlavour flavour)
    {
        var h = Host(out _);
        foreach (var (op, prm) in HostScripts.InitSequence(flavour))
        {
            var e = h.Send(op, prm);
            Assert.That(ScriptedHost.StatusOf(e), Is.EqualTo(Status.Success), $"0x{op:X4}");
            Assert.That(e.Code, Is.EqualTo(EventCode.CommandComplete), $"0x{op:X4}");
        }
    }

    [Test]
    public void Unknown_command_gets_unknown_hci_command_status()
    {
        var h = Host(out _);
        var e = h.Send(0x0C7F, 1, 2, 3);
        Assert.That(e.Code, Is.EqualTo(EventCode.CommandComplete));
        Assert.That(ScriptedHost.StatusOf(e), Is.EqualTo(Status.UnknownCommand));
    }

    [Test]
    public void Short_parameters_get_invalid_parameters()
    {
        var h = Host(out _);
        Assert.That(ScriptedHost.StatusOf(h.Send(Op.SetEventMask, 1, 2)), Is.EqualTo(Status.InvalidParameters));
        var s = h.Send(Op.LeCreateConnection, 1);
        Assert.That((s.Code, ScriptedHost.StatusOf(s)), Is.EqualTo((EventCode.CommandStatus, Status.InvalidParameters)));
    }

    [Test]
    public void Version_is_at_least_four_so_NimBLE_does_not_reset_again()
    {
        var h = Host(out _);
        var v = h.Ok(Op.ReadLocalVersionInformation);
        Assert.That(v[0], Is.GreaterThanOrEqualTo(0x06));
        Assert.That(v[4] | v[5] << 8, Is.EqualTo(0x05F1));
    }

    [Test]
    public void Each_controller_has_its_own_address()
    {
        var sys = new EmulatedSystem(32);
        var addrs = Enumerable.Range(0, 32).Select(i => Convert.ToHexString(new ScriptedHost(sys, i).Ok(Op.ReadBdAddr))).ToList();
        Assert.That(addrs, Is.Unique);
    }

    [Test]
    public void Le_encrypt_is_aes128_with_least_significant_byte_first()
    {
        // FIPS-197 C.1, written least significant byte first as HCI carries it.
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f").Reverse().ToArray();
        var plain = Convert.FromHexString("00112233445566778899aabbccddeeff").Reverse().ToArray();
        var h = Host(out _);
        var enc = h.Ok(Op.LeEncrypt, [.. key, .. plain]);
        Assert.That(Convert.ToHexString(enc.Reverse().ToArray()), Is.EqualTo("69C4E0D86A7B0430D8CDB78070B4C55A"));
    }

    [Test]
    public void Le_rand_differs_between_calls()
    {
        var h = Host(out _);
        Assert.That(h.Ok(Op.LeRand), Is.Not.EqualTo(h.Ok(Op.LeRand)));
    }

    [Test]
    public void Zephyr_vendor_read_static_addresses_answers_one_address()
    {
        var h = Host(out var sys);
        var r = h.Ok(Op.ZephyrReadStaticAddresses);
        Assert.That(r, Has.Length.EqualTo(1 + 6 + 16));
        Assert.That(r[0], Is.EqualTo(1));
        Assert.That(r[1..7], Is.EqualTo(sys.Controllers[0].Options.StaticAddress.Bytes));
        Assert.That(r[6] & 0xC0, Is.EqualTo(0xC0), "a static random address has its two top bits set");
    }

    [Test]
    public void Supported_commands_lists_every_command_answered_and_nothing_unknown()
    {
        var h = Host(out var sys);
        var mask = h.Ok(Op.ReadLocalSupportedCommands);
        Assert.That(mask, Has.Length.EqualTo(64));
        var listed = VirtualController.Commands.All.Where(c => c.Bit != null && sys.Controllers[0].Has(c.Needs)).Select(c => c.Opcode).ToList();
        Assert.That(mask.Sum(b => System.Numerics.BitOperations.PopCount(b)), Is.EqualTo(listed.Count));
        foreach (var op in listed.Where(o => o != Op.HostNumberOfCompletedPackets)) // answered only on error
        {
            var e = h.Send(op, new byte[64]);
            Assert.That(ScriptedHost.StatusOf(e), Is.Not.EqualTo(Status.UnknownCommand), $"0x{op:X4} is listed but unknown");
        }
    }

    [Test]
    public void Le_events_stay_off_until_the_host_enables_the_le_meta_event()
    {
        var sys = new EmulatedSystem(2);
        var scanner = new ScriptedHost(sys, 0);
        var adv = new ScriptedHost(sys, 1);
        HostScripts.Advertise(adv);
        HostScripts.Scan(scanner, active: false);
        sys.RunFor(1_000_000);
        Assert.That(scanner.Inbox.OfType<HciEvent>().Where(e => e.Code == EventCode.LeMeta), Is.Empty, "default event mask has no LE Meta bit");
        scanner.Ok(Op.SetEventMask, BitConverter.GetBytes(0x3FFFFFFFFFFFFFFFUL));
        scanner.WaitLe(LeSubevent.AdvertisingReport);
    }

    [Test]
    public void Reset_stops_advertising_and_scanning()
    {
        var sys = new EmulatedSystem(1);
        var h = new ScriptedHost(sys, 0);
        HostScripts.Init(h);
        HostScripts.Advertise(h);
        HostScripts.Scan(h, active: true);
        h.Ok(Op.Reset);
        Assert.That((sys.Controllers[0].Advertiser, sys.Controllers[0].Scanner), Is.EqualTo(((object?)null, (object?)null)));
    }

    [Test]
    public void Parameters_cannot_change_while_advertising()
    {
        var h = Host(out _);
        HostScripts.Init(h);
        HostScripts.Advertise(h);
        var e = h.Send(Op.LeSetAdvertisingParameters, [0xA0, 0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0]);
        Assert.That(ScriptedHost.StatusOf(e), Is.EqualTo(Status.CommandDisallowed));
    }
}
