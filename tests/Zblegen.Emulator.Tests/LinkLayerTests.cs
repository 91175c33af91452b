using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

public class LinkLayerTests
{
    [Test]
    public void Passive_scanner_reports_advertisements_with_data()
    {
        var sys = new EmulatedSystem(2);
        var scanner = new ScriptedHost(sys, 0);
        var adv = new ScriptedHost(sys, 1);
        HostScripts.Init(scanner);
        HostScripts.Init(adv);
        HostScripts.Advertise(adv, type: 3, data: HostScripts.AdvData("nonconn"));
        HostScripts.Scan(scanner, active: false);
        var report = scanner.WaitLe(LeSubevent.AdvertisingReport);
        Assert.That(report.Parameters[1], Is.EqualTo(1), "one report per event");
        Assert.That(report.Parameters[2], Is.EqualTo(3), "ADV_NONCONN_IND");
        Assert.That(report.Parameters[4..10], Is.EqualTo(sys.Controllers[1].Options.PublicAddress.Bytes));
        Assert.That(report.Parameters[11..^1], Is.EqualTo(HostScripts.AdvData("nonconn")));
        sys.RunFor(2_000_000);
        Assert.That(scanner.Inbox.OfType<HciEvent>().Any(e => e.Subevent == LeSubevent.AdvertisingReport && e.Parameters[2] == 4), Is.False, "passive: no SCAN_RSP");
    }

    [Test]
    public void Advertising_events_follow_the_interval_plus_adv_delay()
    {
        var sys = new EmulatedSystem(2);
        var scanner = new ScriptedHost(sys, 0);
        var adv = new ScriptedHost(sys, 1);
        HostScripts.Init(scanner);
        HostScripts.Init(adv);
        HostScripts.Advertise(adv, intervalUnits: 160); // 100 ms
        HostScripts.Scan(scanner, active: false);
        sys.RunFor(10_000_000);
        var events = sys.Controllers[1].Advertiser!.EventCount;
        Assert.That(events, Is.InRange(10_000_000 / 110_000, 10_000_000 / 100_000 + 1));
    }

    [Test]
    public void Active_scanner_gets_scan_response()
    {
        var sys = new EmulatedSystem(2);
        var scanner = new ScriptedHost(sys, 0);
        var adv = new ScriptedHost(sys, 1);
        HostScripts.Init(scanner);
        HostScripts.Init(adv);
        HostScripts.Advertise(adv, type: 2, scanRsp: HostScripts.AdvData("rsp"));
        HostScripts.Scan(scanner, active: true);
        var first = scanner.WaitLe(LeSubevent.AdvertisingReport);
        var rsp = scanner.WaitLe(LeSubevent.AdvertisingReport);
        Assert.That((first.Parameters[2], rsp.Parameters[2]), Is.EqualTo(((byte)2, (byte)4)), "ADV_SCAN_IND then SCAN_RSP");
        Assert.That(rsp.Parameters[11..^1], Is.EqualTo(HostScripts.AdvData("rsp")));
    }

    [TestCase(HostFlavour.NimBle, LeSubevent.EnhancedConnectionComplete)]
    [TestCase(HostFlavour.Zephyr, LeSubevent.ConnectionComplete)]
    [TestCase(HostFlavour.BtStack, LeSubevent.ConnectionComplete)]
    public void Connection_complete_follows_the_le_event_mask(HostFlavour flavour, byte subevent)
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys, flavour);
        Assert.That(sys.Controllers[1].Advertiser, Is.Null, "advertising stops on connection");
        Assert.That(sys.Controllers[0].Connections[ch].Role, Is.EqualTo(ConnectionRole.Central));
        Assert.That(sys.Controllers[1].Connections[ph].Role, Is.EqualTo(ConnectionRole.Peripheral));
        Assert.That(c.All.OfType<HciEvent>().Count(e => e.Subevent is LeSubevent.ConnectionComplete or LeSubevent.EnhancedConnectionComplete), Is.EqualTo(1));
        Assert.That(c.All.OfType<HciEvent>().Single(e => e.Subevent is LeSubevent.ConnectionComplete or LeSubevent.EnhancedConnectionComplete).Subevent, Is.EqualTo(subevent));
    }

    [Test]
    public void Hosts_hear_of_the_connection_when_connect_ind_ends_and_the_first_event_follows_after_transmit_window_delay()
    {
        var sys = new EmulatedSystem(2);
        var c = new ScriptedHost(sys, 0);
        var p = new ScriptedHost(sys, 1);
        HostScripts.Init(c);
        HostScripts.Init(p);
        var heard = new List<(long Us, int Controller, HciPacket Packet)>();
        for (var i = 0; i < 2; i++)
        {
            var index = i;
            var inner = sys.Controllers[i].SendToHost!;
            sys.Controllers[i].SendToHost = frame =>
            {
                heard.Add((sys.Clock.NowUs, index, HciPacket.FromH4(frame)));
                inner(frame);
            };
        }
        var advData = HostScripts.AdvData("periph");
        HostScripts.Advertise(p, data: advData);
        var advEvents = new List<long>();
        sys.Controllers[1].Advertiser!.OnEvent = advEvents.Add;
        HostScripts.CreateConnection(c, sys.Controllers[1].Options.PublicAddress);
        var cc = HostScripts.WaitConnectionComplete(c, HostFlavour.NimBle);
        var handle = (ushort)(cc.Parameters[2] | cc.Parameters[3] << 8);
        c.SendAcl(handle, [4, 0, 0x04, 0, 1, 2, 3, 4]);
        sys.RunFor(20_000);
        static bool IsCc(HciPacket x) => x is HciEvent { Code: EventCode.LeMeta, Subevent: LeSubevent.EnhancedConnectionComplete };
        // ADV_IND carries the address (6) and the data; CONNECT_IND is 34 bytes; T_IFS between them.
        var connectIndEnd = advEvents[^1] + Airtime.PduUs(6 + advData.Length) + Airtime.TIfsUs + Airtime.PduUs(34);
        Assert.That(heard.Where(h => IsCc(h.Packet)).Select(h => (h.Controller, h.Us)), Is.EquivalentTo(new[] { (0, connectIndEnd), (1, connectIndEnd) }));
        var firstData = heard.First(h => h.Controller == 1 && h.Packet is HciAcl);
        // Sent at once, it goes in the first connection event, after the data length exchange the controllers start.
        var anchor = connectIndEnd + Link.TransmitWindowDelayUs;
        Assert.That(firstData.Us, Is.EqualTo(anchor + Airtime.ExchangeUs(9, 9)));
    }

    [Test]
    public void Acl_flows_both_ways_fragmented_with_coalesced_completed_packets()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys, suggestedDataLength: 27);
        var big = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        for (var i = 0; i < 4; i++)
            c.SendAcl(ch, big);
        p.SendAcl(ph, [1, 2, 3]);
        var nocp = c.WaitEventCode(EventCode.NumberOfCompletedPackets);
        var completed = nocp.Parameters[3] | nocp.Parameters[4] << 8;
        while (completed < 4)
        {
            var more = c.WaitEventCode(EventCode.NumberOfCompletedPackets);
            completed += more.Parameters[3] | more.Parameters[4] << 8;
        }
        Assert.That(completed, Is.EqualTo(4));
        sys.RunFor(100_000);
        var got = p.TakeAcl();
        Assert.That(got.All(a => a.Data.Length <= 27), Is.True, "no data length update: 27-byte PDUs");
        Assert.That(got.Select(a => a.Pb).Distinct(), Is.EquivalentTo(new[] { HciAcl.PbFirstFlushable, HciAcl.PbContinuation }), "0b00 from the host becomes 0b10 towards the peer host");
        Assert.That(got.SelectMany(a => a.Data).ToArray(), Is.EqualTo(Enumerable.Repeat(big, 4).SelectMany(b => b).ToArray()));
        var back = c.TakeAcl();
        Assert.That(back.Single().Data, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void Completed_packets_are_coalesced_per_millisecond()
    {
        var sys = new EmulatedSystem(2);
        var (c, _, ch, _) = HostScripts.Connected(sys);
        for (var i = 0; i < 8; i++)
            c.SendAcl(ch, new byte[10]);
        sys.RunFor(200_000);
        var nocp = c.All.OfType<HciEvent>().Where(e => e.Code == EventCode.NumberOfCompletedPackets).ToList();
        Assert.That(nocp.Sum(e => e.Parameters[3] | e.Parameters[4] << 8), Is.EqualTo(8));
        Assert.That(nocp, Has.Count.LessThanOrEqualTo(4), "eight 10-byte packets leave within about 3.5 ms: at most one event a millisecond");
    }

    [Test]
    public void Data_length_update_lets_full_pdus_through()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys, suggestedDataLength: 27);
        c.Ok(Op.LeSetDataLength, [.. HostScripts.Handle(ch), 251, 0, 0x48, 0x08]);
        var change = c.WaitLe(LeSubevent.DataLengthChange);
        p.WaitLe(LeSubevent.DataLengthChange);
        Assert.That(change.Parameters[3] | change.Parameters[4] << 8, Is.EqualTo(251));
        c.SendAcl(ch, new byte[251]);
        sys.RunFor(100_000);
        Assert.That(p.TakeAcl().Single().Data, Has.Length.EqualTo(251));
    }

    [Test]
    public void Disconnect_tells_both_hosts_with_their_reasons()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        c.Ok(Op.Disconnect, [.. HostScripts.Handle(ch), Status.RemoteUserTerminated]);
        var pe = p.WaitEventCode(EventCode.DisconnectionComplete);
        var ce = c.WaitEventCode(EventCode.DisconnectionComplete);
        Assert.That(pe.Parameters[3], Is.EqualTo(Status.RemoteUserTerminated));
        Assert.That(ce.Parameters[3], Is.EqualTo(Status.LocalHostTerminated));
        Assert.That(sys.Controllers[0].Connections, Is.Empty);
        Assert.That(sys.Controllers[1].Connections, Is.Empty);
    }

    [Test]
    public void A_second_disconnect_of_a_link_already_ending_is_disallowed()
    {
        var sys = new EmulatedSystem(2);
        var (c, _, ch, _) = HostScripts.Connected(sys);
        c.Ok(Op.Disconnect, [.. HostScripts.Handle(ch), Status.RemoteUserTerminated]);
        var again = c.Send(Op.Disconnect, [.. HostScripts.Handle(ch), Status.RemoteUserTerminated]);
        Assert.That(ScriptedHost.StatusOf(again), Is.EqualTo(Status.CommandDisallowed));
        Assert.That(c.WaitEventCode(EventCode.DisconnectionComplete).Parameters[3], Is.EqualTo(Status.LocalHostTerminated));
    }

    [Test]
    public void Dropped_link_ends_in_supervision_timeout_on_both_sides()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, _) = HostScripts.Connected(sys, timeout: 50); // 500 ms
        var t0 = sys.Clock.NowUs;
        sys.Controllers[0].Connections[ch].Link.Drop();
        var ce = c.WaitEventCode(EventCode.DisconnectionComplete);
        var pe = p.WaitEventCode(EventCode.DisconnectionComplete);
        Assert.That((ce.Parameters[3], pe.Parameters[3]), Is.EqualTo((Status.ConnectionTimeout, Status.ConnectionTimeout)));
        Assert.That(sys.Clock.NowUs - t0, Is.InRange(500_000, 600_000));
    }

    [Test]
    public void Controller_reset_on_one_side_makes_the_peer_time_out()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, _, _) = HostScripts.Connected(sys, timeout: 50);
        sys.Controllers[1].HardwareReset();
        Assert.That(p.WaitEventCode(EventCode.HardwareError).Parameters, Is.EqualTo(new byte[] { 1 }));
        Assert.That(c.WaitEventCode(EventCode.DisconnectionComplete).Parameters[3], Is.EqualTo(Status.ConnectionTimeout));
    }

    [Test]
    public void Connection_update_takes_effect_at_the_instant()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, _) = HostScripts.Connected(sys, interval: 24);
        var link = sys.Controllers[0].Connections[ch].Link;
        c.Ok(Op.LeConnectionUpdate, [.. HostScripts.Handle(ch), 80, 0, 80, 0, 0, 0, 200, 0, 0, 0, 0, 0]);
        var requestedAt = link.EventCounter;
        var ce = c.WaitLe(LeSubevent.ConnectionUpdateComplete);
        p.WaitLe(LeSubevent.ConnectionUpdateComplete);
        Assert.That(link.EventCounter - requestedAt, Is.GreaterThanOrEqualTo(Link.InstantDelay));
        Assert.That((link.Interval, link.Timeout), Is.EqualTo(((ushort)80, (ushort)200)));
        Assert.That(ce.Parameters[4] | ce.Parameters[5] << 8, Is.EqualTo(80));
    }

    [Test]
    public void Remote_features_and_version_are_exchanged()
    {
        var sys = new EmulatedSystem(2);
        var (c, _, ch, _) = HostScripts.Connected(sys, HostFlavour.Zephyr);
        c.Ok(Op.LeReadRemoteFeatures, HostScripts.Handle(ch));
        c.Ok(Op.ReadRemoteVersionInformation, HostScripts.Handle(ch));
        Assert.That(c.WaitLe(LeSubevent.ReadRemoteFeaturesComplete).Parameters[4], Is.EqualTo((byte)sys.Controllers[1].LeFeatures));
        Assert.That(c.WaitEventCode(EventCode.ReadRemoteVersionInformationComplete).Parameters[3], Is.EqualTo(sys.Controllers[1].Options.HciVersion));
        var rssi = c.Ok(Op.ReadRssi, HostScripts.Handle(ch));
        Assert.That((sbyte)rssi[2], Is.LessThan(0));
    }

    [Test]
    public void A_control_response_is_not_sent_in_the_exchange_that_asked_for_it_and_an_idle_event_closes()
    {
        var sys = new EmulatedSystem(2);
        var (c, _, ch, _) = HostScripts.Connected(sys, HostFlavour.Zephyr, interval: 24, suggestedDataLength: 27);
        var link = sys.Controllers[0].Connections[ch].Link;
        sys.RunFor(2 * link.IntervalUs); // past the first events
        c.Ok(Op.LeReadRemoteFeatures, HostScripts.Handle(ch));
        var asked = sys.Clock.NowUs;
        c.WaitLe(LeSubevent.ReadRemoteFeaturesComplete);
        // LL_FEATURE_REQ goes in the next event with MD 0; the peripheral cannot build LL_FEATURE_RSP within
        // T_IFS, so it answers empty with MD 0, the event closes, and the response comes an interval later.
        Assert.That(sys.Clock.NowUs - asked, Is.GreaterThan(link.IntervalUs).And.LessThan(2 * link.IntervalUs));
    }

    [Test]
    public void An_end_runs_its_own_control_procedures_one_at_a_time()
    {
        var sys = new EmulatedSystem(2);
        var (c, _, ch, _) = HostScripts.Connected(sys, HostFlavour.Zephyr, interval: 24, suggestedDataLength: 27);
        var central = sys.Controllers[0].Connections[ch];
        sys.RunFor(2 * central.Link.IntervalUs);
        c.Ok(Op.LeReadRemoteFeatures, HostScripts.Handle(ch));
        c.Ok(Op.ReadRemoteVersionInformation, HostScripts.Handle(ch));
        Assert.That(central.Procedure, Is.TypeOf<FeatureReq>(), "the version exchange waits");
        c.WaitLe(LeSubevent.ReadRemoteFeaturesComplete);
        var features = sys.Clock.NowUs;
        Assert.That(central.Procedure, Is.TypeOf<VersionInd>());
        c.WaitEventCode(EventCode.ReadRemoteVersionInformationComplete);
        Assert.That(sys.Clock.NowUs - features, Is.GreaterThan(central.Link.IntervalUs), "LL_VERSION_IND starts only once LL_FEATURE_RSP is in");
        Assert.That(central.Procedure, Is.Null);
    }

    [Test]
    public void A_connection_update_waits_for_the_centrals_procedure_in_progress()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, _) = HostScripts.Connected(sys, HostFlavour.Zephyr, interval: 24, suggestedDataLength: 27);
        var central = sys.Controllers[0].Connections[ch];
        sys.RunFor(2 * central.Link.IntervalUs);
        c.Ok(Op.LeReadRemoteFeatures, HostScripts.Handle(ch));
        c.Send(Op.LeConnectionUpdate, [.. HostScripts.Handle(ch), 80, 0, 80, 0, 0, 0, 200, 0, 0, 0, 0, 0]);
        Assert.That(central.Procedure, Is.TypeOf<FeatureReq>(), "the update waits");
        c.WaitLe(LeSubevent.ReadRemoteFeaturesComplete);
        Assert.That(central.Procedure, Is.TypeOf<ConnectionUpdateInd>());
        var started = central.Link.EventCounter;
        var done = c.WaitLe(LeSubevent.ConnectionUpdateComplete);
        Assert.That(done.Parameters[1], Is.EqualTo(Status.Success));
        Assert.That(central.Link.Interval, Is.EqualTo(80));
        Assert.That(central.Link.EventCounter - started, Is.GreaterThanOrEqualTo(Link.InstantDelay), "the instant counts from the start");
        Assert.That(central.Procedure, Is.Null);
    }

    [Test]
    public void Create_connection_cancel_reports_unknown_connection()
    {
        var sys = new EmulatedSystem(2);
        var c = new ScriptedHost(sys, 0);
        HostScripts.Init(c);
        HostScripts.CreateConnection(c, sys.Controllers[1].Options.PublicAddress);
        sys.RunFor(50_000);
        c.Ok(Op.LeCreateConnectionCancel);
        Assert.That(HostScripts.WaitConnectionComplete(c, HostFlavour.NimBle).Parameters[1], Is.EqualTo(Status.UnknownConnectionId));
    }

    [Test]
    public void Controller_to_host_acl_is_paced_and_flow_controlled()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, _) = HostScripts.Connected(sys, interval: 80);
        c.Ok(Op.LeSetDataLength, [.. HostScripts.Handle(ch), 251, 0, 0x48, 0x08]);
        c.WaitLe(LeSubevent.DataLengthChange);
        var times = new List<long>();
        sys.Controllers[1].SendToHost += f => { if (f[0] == (byte)H4Type.Acl) times.Add(sys.Clock.NowUs); };
        for (var i = 0; i < 40; i++)
            c.SendAcl(ch, new byte[27]);
        sys.RunFor(2_000_000);
        Assert.That(times, Has.Count.EqualTo(40));
        var perMs = times.GroupBy(t => t / 1000).Max(g => g.Count());
        Assert.That(perMs, Is.LessThanOrEqualTo(sys.Controllers[1].Options.HostAclPerMs));
    }

    /// <summary>Same seed, same loss: the trace of events both hosts see is identical; another seed differs.</summary>
    [Test]
    public void Seeded_loss_is_reproducible()
    {
        static string Run(int seed)
        {
            var sys = new EmulatedSystem(2, new RadioOptions(LossProbability: 0.2, Seed: seed));
            var (c, p, ch, ph) = HostScripts.Connected(sys);
            for (var i = 0; i < 20; i++)
                c.SendAcl(ch, new byte[60]);
            sys.RunFor(3_000_000);
            return string.Join("\n", c.All.Concat(p.All).Select(x => x.ToString())) + $"\n{sys.Clock.NowUs}";
        }
        var a = Run(7);
        Assert.That(Run(7), Is.EqualTo(a));
        Assert.That(Run(8), Is.Not.EqualTo(a));
    }

    [Test]
    public void Loss_slows_but_does_not_corrupt_data()
    {
        var sys = new EmulatedSystem(2, new RadioOptions(LossProbability: 0.3, Seed: 3));
        var (c, p, ch, ph) = HostScripts.Connected(sys, timeout: 400);
        var data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        for (var i = 0; i < 10; i++)
            c.SendAcl(ch, data);
        sys.RunFor(5_000_000);
        Assert.That(p.TakeAcl().SelectMany(a => a.Data).ToArray(), Is.EqualTo(Enumerable.Repeat(data, 10).SelectMany(b => b).ToArray()));
    }
}

public class DataLengthTests
{
    [Test]
    public void Controllers_start_the_data_length_update_from_the_suggested_default()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys, suggestedDataLength: 251);
        var e = c.WaitLe(LeSubevent.DataLengthChange);
        p.WaitLe(LeSubevent.DataLengthChange);
        Assert.That(e.Parameters[3] | e.Parameters[4] << 8, Is.EqualTo(251));
        Assert.That(sys.Controllers[1].Connections[ph].MaxRxOctets, Is.EqualTo(251));
    }

    [Test]
    public void No_update_when_the_hosts_keep_27_octets()
    {
        var sys = new EmulatedSystem(2);
        var (c, _, ch, _) = HostScripts.Connected(sys, suggestedDataLength: 27);
        sys.RunFor(500_000);
        Assert.That(c.All.OfType<HciEvent>().Any(e => e.Subevent == LeSubevent.DataLengthChange), Is.False);
        Assert.That(sys.Controllers[0].Connections[ch].MaxTxOctets, Is.EqualTo(27));
    }
}

public class TimingTests
{
    [Test]
    public void Initiator_connects_on_the_targets_next_advertisement()
    {
        var sys = new EmulatedSystem(2);
        var c = new ScriptedHost(sys, 0);
        var p = new ScriptedHost(sys, 1);
        HostScripts.Init(c);
        HostScripts.Init(p);
        HostScripts.Advertise(p, intervalUnits: 800); // 500 ms
        sys.RunFor(1_234_000);
        var advertiser = sys.Controllers[1].Advertiser!;
        var eventsBefore = advertiser.EventCount;
        var t0 = sys.Clock.NowUs;
        HostScripts.CreateConnection(c, sys.Controllers[1].Options.PublicAddress);
        HostScripts.WaitConnectionComplete(c, HostFlavour.NimBle);
        Assert.That(advertiser.EventCount, Is.EqualTo(eventsBefore + 1), "the first advertisement after LE_Create_Connection is answered");
        Assert.That(sys.Clock.NowUs - t0, Is.LessThanOrEqualTo(500_000 + 10_000));
    }

    [Test]
    public void Scan_window_half_the_interval_hears_about_half_the_advertisements()
    {
        var sys = new EmulatedSystem(2, new LinkLayer.RadioOptions(Seed: 11));
        var s = new ScriptedHost(sys, 0);
        var a = new ScriptedHost(sys, 1);
        HostScripts.Init(s);
        HostScripts.Init(a);
        HostScripts.Advertise(a, type: 3, intervalUnits: 0x20); // 20 ms + advDelay
        HostScripts.Scan(s, active: false, interval: 0x40, window: 0x20); // 40 ms interval, 20 ms window
        sys.RunFor(20_000_000);
        var heard = s.All.OfType<HciEvent>().Count(e => e.Subevent == LeSubevent.AdvertisingReport);
        var sent = sys.Controllers[1].Advertiser!.EventCount;
        Assert.That((double)heard / sent, Is.InRange(0.4, 0.6));
    }

    [Test]
    public void Loss_drops_about_that_share_of_reports()
    {
        var sys = new EmulatedSystem(2, new LinkLayer.RadioOptions(LossProbability: 0.25, Seed: 3));
        var s = new ScriptedHost(sys, 0);
        var a = new ScriptedHost(sys, 1);
        HostScripts.Init(s);
        HostScripts.Init(a);
        HostScripts.Advertise(a, type: 3, intervalUnits: 0x20);
        HostScripts.Scan(s, active: false);
        sys.RunFor(20_000_000);
        var heard = s.All.OfType<HciEvent>().Count(e => e.Subevent == LeSubevent.AdvertisingReport);
        Assert.That((double)heard / sys.Controllers[1].Advertiser!.EventCount, Is.InRange(0.7, 0.8));
    }
}
