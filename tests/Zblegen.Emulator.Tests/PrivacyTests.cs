using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

/// <summary>The resolving list and address resolution in the link layer (Core spec Vol 6 Part B §1.3.2.2, §4.7).</summary>
public class PrivacyTests
{
    private static readonly byte[] CentralIrk = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeripheralIrk = Enumerable.Range(0x40, 16).Select(i => (byte)i).ToArray();

    private static byte[] Hex(string msbFirst) => Convert.FromHexString(msbFirst).Reverse().ToArray();

    private static void AddToResolvingList(ScriptedHost h, DeviceAddress peer, byte[] peerIrk, byte[] localIrk) =>
        h.Ok(Op.LeAddDeviceToResolvingList, [peer.Type, .. peer.Addr.Bytes, .. peerIrk, .. localIrk]);

    private static DeviceAddress Public(EmulatedSystem sys, int i) => new(0, sys.Controllers[i].Options.PublicAddress);

    /// <summary>Connectable advertising with own address type 2 (RPA, else public), the entry picked by <paramref name="peer"/>.</summary>
    private static void AdvertiseWithRpa(ScriptedHost h, DeviceAddress peer, byte filterPolicy = 0)
    {
        h.Ok(Op.LeSetAdvertisingParameters, [0xA0, 0, 0xA0, 0, 0, 2, peer.Type, .. peer.Addr.Bytes, 7, filterPolicy]);
        h.Ok(Op.LeSetAdvertisingData, HostScripts.Pad31(HostScripts.AdvData("rpa")));
        h.Ok(Op.LeSetAdvertisingEnable, [1]);
    }

    private static void Connect(ScriptedHost h, DeviceAddress peer, byte peerType, byte ownType = 2, byte filterPolicy = 0) =>
        h.Ok(Op.LeCreateConnection, [0x30, 0, 0x30, 0, filterPolicy, peerType, .. peer.Addr.Bytes, ownType, 24, 0, 24, 0, 0, 0, 100, 0, 0, 0, 0, 0]);

    /// <summary>Both hosts initialised, each with the other's identity and IRK and its own IRK in its resolving list, resolution on.</summary>
    private static (ScriptedHost Central, ScriptedHost Peripheral) Bonded(EmulatedSystem sys, HostFlavour flavour = HostFlavour.NimBle)
    {
        var c = new ScriptedHost(sys, 0);
        var p = new ScriptedHost(sys, 1);
        HostScripts.Init(c, flavour);
        HostScripts.Init(p, flavour);
        foreach (var (h, peer, peerIrk, localIrk) in new[] { (c, Public(sys, 1), PeripheralIrk, CentralIrk), (p, Public(sys, 0), CentralIrk, PeripheralIrk) })
        {
            h.Ok(Op.LeSetAddressResolutionEnable, [0]);
            AddToResolvingList(h, peer, peerIrk, localIrk);
            h.Ok(Op.LeSetAddressResolutionEnable, [1]);
        }
        return (c, p);
    }

    [Test]
    public void Ah_gives_the_hash_of_the_spec_sample_data()
    {
        // Core spec Vol 3 Part H Appendix D.7.
        var hash = ResolvablePrivateAddress.Hash(Hex("ec0234a357c8ad05341010a60a397d9b"), Hex("708194"));
        Assert.That(hash, Is.EqualTo(Hex("0dfbaa")));
    }

    [Test]
    public void A_generated_rpa_is_random_with_0b01_on_top_and_resolves_only_with_its_irk()
    {
        var rng = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            var rpa = new DeviceAddress(1, ResolvablePrivateAddress.Generate(CentralIrk, rng));
            Assert.That(rpa.Addr.Bytes[5] >> 6, Is.EqualTo(0b01));
            Assert.That(ResolvablePrivateAddress.Resolves(rpa, CentralIrk), Is.True);
            Assert.That(ResolvablePrivateAddress.Resolves(rpa, PeripheralIrk), Is.False);
            Assert.That(ResolvablePrivateAddress.Resolves(rpa with { Type = 0 }, CentralIrk), Is.False, "a public address is no RPA");
        }
    }

    [Test]
    public void Advertising_with_own_address_type_2_uses_the_rpa_of_the_local_irk_and_rotates_it_on_the_timeout()
    {
        var sys = new EmulatedSystem(3);
        var (_, p) = Bonded(sys);
        var scanner = new ScriptedHost(sys, 2);
        HostScripts.Init(scanner, HostFlavour.Zephyr);
        p.Ok(Op.LeSetResolvablePrivateAddressTimeout, [2, 0]);
        AdvertiseWithRpa(p, Public(sys, 0));
        HostScripts.Scan(scanner, active: false);
        var first = scanner.WaitLe(LeSubevent.AdvertisingReport);
        var firstAddr = new DeviceAddress(first.Parameters[3], new BdAddr(first.Parameters[4..10]));
        Assert.That(ResolvablePrivateAddress.Resolves(firstAddr, PeripheralIrk), Is.True, $"{firstAddr}");
        Assert.That(p.Ok(Op.LeReadLocalResolvableAddress, [0, .. Public(sys, 0).Addr.Bytes]), Is.EqualTo(firstAddr.Addr.Bytes));
        sys.RunFor(2_100_000);
        scanner.TakeAcl();
        var later = scanner.WaitLe(LeSubevent.AdvertisingReport);
        while (later.Parameters[4..10].SequenceEqual(firstAddr.Addr.Bytes))
            later = scanner.WaitLe(LeSubevent.AdvertisingReport);
        var laterAddr = new DeviceAddress(later.Parameters[3], new BdAddr(later.Parameters[4..10]));
        Assert.That(ResolvablePrivateAddress.Resolves(laterAddr, PeripheralIrk), Is.True, "a new RPA of the same IRK");
        Assert.That(sys.Clock.NowUs, Is.LessThan(2_700_000 + 500_000), "taken at the next advertising event after the timeout");
    }

    [Test]
    public void Without_address_resolution_own_address_type_2_is_the_public_address()
    {
        var sys = new EmulatedSystem(2);
        var (_, p) = Bonded(sys);
        p.Ok(Op.LeSetAddressResolutionEnable, [0]);
        AdvertiseWithRpa(p, Public(sys, 0));
        Assert.That(sys.Controllers[1].Advertiser!.Address, Is.EqualTo(Public(sys, 1)));
    }

    [Test]
    public void A_scanner_reports_a_resolved_rpa_as_the_identity_with_type_2()
    {
        var sys = new EmulatedSystem(2);
        var (c, p) = Bonded(sys);
        AdvertiseWithRpa(p, Public(sys, 0));
        HostScripts.Scan(c, active: false);
        var report = c.WaitLe(LeSubevent.AdvertisingReport);
        Assert.That(report.Parameters[3], Is.EqualTo(2), "public identity address, resolved from an RPA");
        Assert.That(report.Parameters[4..10], Is.EqualTo(Public(sys, 1).Addr.Bytes));
        Assert.That(c.Ok(Op.LeReadPeerResolvableAddress, [0, .. Public(sys, 1).Addr.Bytes]), Is.EqualTo(sys.Controllers[1].Advertiser!.Address.Addr.Bytes));
    }

    [Test]
    public void Enhanced_connection_complete_carries_the_resolved_identity_and_both_rpas_at_both_ends()
    {
        var sys = new EmulatedSystem(2);
        var (c, p) = Bonded(sys);
        AdvertiseWithRpa(p, Public(sys, 0));
        var peripheralRpa = sys.Controllers[1].Advertiser!.Address;
        Connect(c, Public(sys, 1), peerType: 2);
        var cc = c.WaitLe(LeSubevent.EnhancedConnectionComplete).Parameters;
        var pc = p.WaitLe(LeSubevent.EnhancedConnectionComplete).Parameters;
        var centralRpa = c.Ok(Op.LeReadLocalResolvableAddress, [0, .. Public(sys, 1).Addr.Bytes]);
        Assert.That(ResolvablePrivateAddress.Resolves(new DeviceAddress(1, new BdAddr(centralRpa)), CentralIrk), Is.True);
        Assert.That((cc[5], cc[6..12], cc[12..18], cc[18..24]), Is.EqualTo(((byte)2, Public(sys, 1).Addr.Bytes, centralRpa, peripheralRpa.Addr.Bytes)),
            "central: peer identity, own RPA, peer RPA");
        Assert.That((pc[5], pc[6..12], pc[12..18], pc[18..24]), Is.EqualTo(((byte)2, Public(sys, 0).Addr.Bytes, peripheralRpa.Addr.Bytes, centralRpa)),
            "peripheral: peer identity, own RPA, peer RPA");
    }

    [Test]
    public void Directed_advertising_targets_an_rpa_of_the_peer_irk_which_the_peer_takes_as_its_own()
    {
        var sys = new EmulatedSystem(2);
        var (c, p) = Bonded(sys);
        p.Ok(Op.LeSetAdvertisingParameters, [0xA0, 0, 0xA0, 0, 4, 2, 0, .. Public(sys, 0).Addr.Bytes, 7, 0]); // low duty cycle directed
        p.Ok(Op.LeSetAdvertisingEnable, [1]);
        var target = sys.Controllers[1].Advertiser!.CurrentPdu().Target!;
        Assert.That(ResolvablePrivateAddress.Resolves(target, CentralIrk), Is.True, $"{target}");
        Connect(c, Public(sys, 1), peerType: 2);
        Assert.That(c.WaitLe(LeSubevent.EnhancedConnectionComplete).Parameters[1], Is.EqualTo(Status.Success));
    }

    [Test]
    public void The_legacy_connection_complete_reports_a_resolved_peer_with_its_identity_type()
    {
        var sys = new EmulatedSystem(2);
        var (c, p) = Bonded(sys, HostFlavour.Zephyr);
        AdvertiseWithRpa(p, Public(sys, 0));
        Connect(c, Public(sys, 1), peerType: 2);
        var cc = c.WaitLe(LeSubevent.ConnectionComplete).Parameters;
        Assert.That((cc[5], cc[6..12]), Is.EqualTo(((byte)0, Public(sys, 1).Addr.Bytes)));
    }

    [Test]
    public void The_filter_accept_list_holds_identities_when_the_peer_uses_an_rpa()
    {
        var sys = new EmulatedSystem(2);
        var (c, p) = Bonded(sys);
        c.Ok(Op.LeAddDeviceToFilterAcceptList, [0, .. Public(sys, 1).Addr.Bytes]);
        p.Ok(Op.LeAddDeviceToFilterAcceptList, [0, .. Public(sys, 0).Addr.Bytes]);
        AdvertiseWithRpa(p, Public(sys, 0), filterPolicy: 3);
        Connect(c, new DeviceAddress(0, BdAddr.Zero), peerType: 0, filterPolicy: 1);
        Assert.That(c.WaitLe(LeSubevent.EnhancedConnectionComplete).Parameters[1], Is.EqualTo(Status.Success));
        Assert.That(p.WaitLe(LeSubevent.EnhancedConnectionComplete).Parameters[6..12], Is.EqualTo(Public(sys, 0).Addr.Bytes));
    }

    [TestCase(PrivacyMode.Network, false)]
    [TestCase(PrivacyMode.Device, true)]
    public void A_peer_with_an_irk_using_its_identity_address_is_heard_only_in_device_privacy_mode(PrivacyMode mode, bool heard)
    {
        var sys = new EmulatedSystem(2);
        var (c, p) = Bonded(sys);
        c.Ok(Op.LeSetAddressResolutionEnable, [0]);
        c.Ok(Op.LeSetPrivacyMode, [0, .. Public(sys, 1).Addr.Bytes, (byte)mode]);
        c.Ok(Op.LeSetAddressResolutionEnable, [1]);
        HostScripts.Advertise(p); // own address type 0: the identity address on air
        HostScripts.Scan(c, active: false);
        sys.RunFor(1_000_000);
        Assert.That(c.Inbox.OfType<HciEvent>().Any(e => e.Subevent == LeSubevent.AdvertisingReport), Is.EqualTo(heard));
    }

    [Test]
    public void Resolving_list_changes_and_resolution_enable_are_disallowed_while_the_list_is_in_use()
    {
        var sys = new EmulatedSystem(2);
        var (_, p) = Bonded(sys);
        AdvertiseWithRpa(p, Public(sys, 0));
        var other = new DeviceAddress(0, new BdAddr([9, 9, 9, 9, 9, 9]));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeAddDeviceToResolvingList, [0, .. other.Addr.Bytes, .. new byte[32]])), Is.EqualTo(Status.CommandDisallowed));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeClearResolvingList)), Is.EqualTo(Status.CommandDisallowed));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeSetAddressResolutionEnable, 0)), Is.EqualTo(Status.CommandDisallowed));
        p.Ok(Op.LeSetResolvablePrivateAddressTimeout, [60, 0]); // the timeout may change at any time
        p.Ok(Op.LeSetAdvertisingEnable, [0]);
        p.Ok(Op.LeAddDeviceToResolvingList, [0, .. other.Addr.Bytes, .. new byte[32]]);
    }

    [Test]
    public void Resolving_list_commands_answer_as_real_controllers_do()
    {
        var sys = new EmulatedSystem(2);
        var (_, p) = Bonded(sys);
        p.Ok(Op.LeSetAddressResolutionEnable, [0]);
        var listed = Public(sys, 0);
        var unknown = new DeviceAddress(0, new BdAddr([9, 9, 9, 9, 9, 9]));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeAddDeviceToResolvingList, [0, .. listed.Addr.Bytes, .. new byte[32]])), Is.EqualTo(Status.InvalidParameters), "listed already");
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeReadLocalResolvableAddress, [0, .. unknown.Addr.Bytes])), Is.EqualTo(Status.UnknownConnectionId));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeRemoveDeviceFromResolvingList, [0, .. unknown.Addr.Bytes])), Is.EqualTo(Status.UnknownConnectionId));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeSetPrivacyMode, [0, .. unknown.Addr.Bytes, 1])), Is.EqualTo(Status.UnknownConnectionId));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeSetResolvablePrivateAddressTimeout, 0, 0)), Is.EqualTo(Status.InvalidParameters));
        Assert.That(p.Ok(Op.LeReadPeerResolvableAddress, [0, .. listed.Addr.Bytes]), Is.EqualTo(new byte[6]), "no RPA of the peer seen yet");
        Assert.That(p.Ok(Op.LeReadResolvingListSize), Is.EqualTo(new byte[] { 8 }));
        for (var i = 2; i < 8; i++) // with NimBLE's all-zero entry and the peer's, the list is full
            p.Ok(Op.LeAddDeviceToResolvingList, [0, (byte)i, 0, 0, 0, 0, 0xAA, .. new byte[32]]);
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeAddDeviceToResolvingList, [0, .. unknown.Addr.Bytes, .. new byte[32]])), Is.EqualTo(Status.MemoryCapacityExceeded));
        p.Ok(Op.LeRemoveDeviceFromResolvingList, [0, .. listed.Addr.Bytes]);
        p.Ok(Op.Reset);
        Assert.That(sys.Controllers[1].ResolvingList.Entries, Is.Empty);
        Assert.That(sys.Controllers[1].ResolvingList.Enabled, Is.False);
    }
}
