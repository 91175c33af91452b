using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

/// <summary>Each controller quirk as a host meets it at the HCI.</summary>
public class QuirkTests
{
    /// <summary>Controllers whose quirks are given by index; the rest have none. A PHY quirk's peer lists LE 2M too.</summary>
    private static EmulatedSystem System(int controllers, params ControllerQuirks[] quirks) =>
        new(controllers, options: i => ControllerOptions.ForIndex(i) with
        {
            Le2MPhy = true,
            Quirks = i < quirks.Length ? quirks[i] : ControllerQuirks.None,
        });

    private static ControllerQuirks Q(Quirk kinds, int slowMs = ControllerQuirks.DefaultSlowAnswersMs) => new() { Kinds = kinds, SlowAnswersMs = slowMs };

    private static byte[] SetPhy2M(ushort handle) => [.. HostScripts.Handle(handle), 0, 0b10, 0b10, 0, 0];

    private static bool ListsLe2MPhy(ScriptedHost h) =>
        (h.Ok(Op.LeReadLocalSupportedFeatures)[1] & 1) != 0 && (h.Ok(Op.ReadLocalSupportedCommands)[35] & (1 << 6)) != 0;

    private static IEnumerable<HciEvent> AnswersTo(ScriptedHost h, ushort opcode) =>
        h.All.OfType<HciEvent>().Where(e => e.Code is EventCode.CommandComplete or EventCode.CommandStatus && ScriptedHost.OpcodeOf(e) == opcode);

    private static byte Reason(HciEvent disconnection) => disconnection.Parameters[3];

    [Test]
    public void Ignore_phy_lists_2M_and_LE_Set_PHY_but_never_answers_it()
    {
        var sys = System(2, Q(Quirk.IgnorePhy));
        var (c, p, ch, _) = HostScripts.Connected(sys, suggestedDataLength: 27);
        Assert.That(ListsLe2MPhy(c));
        c.Controller.FeedH4(new HciCommand(Op.LeSetPhy, SetPhy2M(ch)).ToH4());
        sys.RunFor(15_000_000); // past Zephyr's 10 s command timeout
        Assert.That(AnswersTo(c, Op.LeSetPhy), Is.Empty, "no Command Status");
        Assert.That(c.All.OfType<HciEvent>().Where(e => e.Subevent == LeSubevent.PhyUpdateComplete), Is.Empty);
        Assert.That(c.Controller.Connections, Does.ContainKey(ch), "the link itself is unharmed");
        Assert.That(c.Ok(Op.LeReadPhy, HostScripts.Handle(ch))[2..], Is.EqualTo(new byte[] { 1, 1 }));
    }

    [Test]
    public void Unknown_phy_lists_2M_but_answers_the_PHY_commands_with_Unknown_HCI_Command()
    {
        var sys = System(2, Q(Quirk.UnknownPhy));
        var (c, _, ch, _) = HostScripts.Connected(sys, suggestedDataLength: 27);
        Assert.That(ListsLe2MPhy(c));
        var status = c.Send(Op.LeSetPhy, SetPhy2M(ch));
        Assert.That((status.Code, ScriptedHost.StatusOf(status)), Is.EqualTo((EventCode.CommandStatus, Status.UnknownCommand)));
        var complete = c.Send(Op.LeSetDefaultPhy, 0, 0b11, 0b11);
        Assert.That((complete.Code, ScriptedHost.StatusOf(complete)), Is.EqualTo((EventCode.CommandComplete, Status.UnknownCommand)));
        sys.RunFor(1_000_000);
        Assert.That(c.All.OfType<HciEvent>().Where(e => e.Subevent == LeSubevent.PhyUpdateComplete), Is.Empty);
    }

    [Test]
    public void Instant_passed_dle_drops_the_link_with_0x28_when_a_data_length_update_completes()
    {
        var sys = System(2, ControllerQuirks.None, Q(Quirk.InstantPassedDle)); // the peripheral's controller has it
        var (c, p, ch, _) = HostScripts.Connected(sys, suggestedDataLength: 27);
        sys.RunFor(500_000);
        Assert.That(c.Controller.Connections, Does.ContainKey(ch), "the link is fine until the data length changes");
        c.Ok(Op.LeSetDataLength, [.. HostScripts.Handle(ch), 251, 0, 0x48, 0x08]);
        Assert.That(Reason(c.WaitEventCode(EventCode.DisconnectionComplete)), Is.EqualTo(Status.InstantPassed));
        Assert.That(Reason(p.WaitEventCode(EventCode.DisconnectionComplete)), Is.EqualTo(Status.InstantPassed));
        Assert.That(c.All.OfType<HciEvent>().Where(e => e.Subevent == LeSubevent.DataLengthChange), Is.Empty,
            "the central's host never hears of the new length");
    }

    [Test]
    public void Instant_passed_phy_drops_the_link_with_0x28_when_a_PHY_update_completes()
    {
        var sys = System(2, Q(Quirk.InstantPassedPhy));
        var (c, p, ch, _) = HostScripts.Connected(sys, suggestedDataLength: 27);
        Assert.That(ListsLe2MPhy(c));
        Assert.That(ScriptedHost.StatusOf(c.Send(Op.LeSetPhy, SetPhy2M(ch))), Is.EqualTo(Status.Success));
        Assert.That(Reason(c.WaitEventCode(EventCode.DisconnectionComplete)), Is.EqualTo(Status.InstantPassed));
        Assert.That(Reason(p.WaitEventCode(EventCode.DisconnectionComplete)), Is.EqualTo(Status.InstantPassed));
        Assert.That(c.All.OfType<HciEvent>().Where(e => e.Subevent == LeSubevent.PhyUpdateComplete), Is.Empty);
    }

    [Test]
    public void Without_quirks_a_PHY_update_to_2M_completes_at_its_instant_on_both_ends()
    {
        var sys = System(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys, suggestedDataLength: 27);
        var link = c.Controller.Connections[ch].Link;
        c.Ok(Op.LeSetPhy, SetPhy2M(ch));
        var askedAt = link.EventCounter;
        var ce = c.WaitLe(LeSubevent.PhyUpdateComplete);
        var pe = p.WaitLe(LeSubevent.PhyUpdateComplete);
        Assert.That(link.EventCounter - askedAt, Is.GreaterThanOrEqualTo(Link.InstantDelay));
        Assert.That(ce.Parameters, Is.EqualTo(new byte[] { LeSubevent.PhyUpdateComplete, 0, (byte)ch, (byte)(ch >> 8), 2, 2 }));
        Assert.That(pe.Parameters[4..], Is.EqualTo(new byte[] { 2, 2 }));
        Assert.That(p.Ok(Op.LeReadPhy, HostScripts.Handle(ph))[2..], Is.EqualTo(new byte[] { 2, 2 }));
    }

    [Test]
    public void A_PHY_request_to_a_1M_only_peer_completes_without_a_change_and_only_the_asking_host_hears()
    {
        var sys = new EmulatedSystem(2, options: i => ControllerOptions.ForIndex(i) with { Le2MPhy = i == 0 });
        var (c, p, ch, _) = HostScripts.Connected(sys, suggestedDataLength: 27);
        c.Ok(Op.LeSetPhy, SetPhy2M(ch));
        Assert.That(c.WaitLe(LeSubevent.PhyUpdateComplete).Parameters[4..], Is.EqualTo(new byte[] { 1, 1 }));
        sys.RunFor(1_000_000);
        Assert.That(p.All.OfType<HciEvent>().Where(e => e.Subevent == LeSubevent.PhyUpdateComplete), Is.Empty);
    }

    [Test]
    public void No_public_address_answers_Read_BD_ADDR_with_zeros_but_keeps_the_static_address()
    {
        var sys = System(2, Q(Quirk.NoPublicAddress));
        var h = new ScriptedHost(sys, 0);
        Assert.That(h.Ok(Op.ReadBdAddr), Is.EqualTo(new byte[6]));
        Assert.That(h.Ok(Op.ZephyrReadStaticAddresses)[1..7], Is.EqualTo(sys.Controllers[0].Options.StaticAddress.Bytes));
        Assert.That(new ScriptedHost(sys, 1).Ok(Op.ReadBdAddr), Is.EqualTo(sys.Controllers[1].Options.PublicAddress.Bytes));
    }

    [Test]
    public void No_ll_privacy_lists_neither_the_feature_nor_the_resolving_list_commands_and_knows_none_of_them()
    {
        var sys = System(2, Q(Quirk.NoLlPrivacy));
        var h = new ScriptedHost(sys, 0);
        Assert.That(h.Ok(Op.LeReadLocalSupportedFeatures)[0] & (1 << 6), Is.Zero, "LE feature bit 6");
        Assert.That(h.Ok(Op.ReadLocalSupportedCommands)[34] & (1 << 3), Is.Zero, "LE Add Device To Resolving List's bit");
        foreach (var op in new[] { Op.LeClearResolvingList, Op.LeReadResolvingListSize, Op.LeSetAddressResolutionEnable })
            Assert.That(ScriptedHost.StatusOf(h.Send(op, op == Op.LeSetAddressResolutionEnable ? [1] : [])), Is.EqualTo(Status.UnknownCommand), $"0x{op:X4}");
        var other = new ScriptedHost(sys, 1);
        Assert.That(other.Ok(Op.LeReadLocalSupportedFeatures)[0] & (1 << 6), Is.Not.Zero, "the other controller keeps it");
        Assert.That(other.Ok(Op.LeReadResolvingListSize)[0], Is.GreaterThan(0));
    }

    [Test]
    public void Torn_frame_on_reset_sends_the_start_of_an_event_that_never_ends_before_each_answer_to_reset()
    {
        var sys = System(1, Q(Quirk.TornFrameOnReset));
        var bytes = new List<byte>();
        sys.Controllers[0].SendToHost = b => bytes.AddRange(b.ToArray());
        byte[] resetComplete = [(byte)H4Type.Event, EventCode.CommandComplete, 4, 1, 0x03, 0x0C, Status.Success];
        for (var i = 0; i < 2; i++)
        {
            bytes.Clear();
            sys.Controllers[0].FeedH4(new HciCommand(Op.Reset, []).ToH4());
            sys.RunFor(1_000);
            Assert.That(bytes, Is.EqualTo(VirtualController.TornFrame.Concat(resetComplete)));
        }
        Assert.That(VirtualController.TornFrame[2], Is.GreaterThan(VirtualController.TornFrame.Length - 3), "the frame says more than it carries");
    }

    [Test]
    public void Slow_answers_delays_every_answer_in_virtual_time_and_keeps_their_order()
    {
        var sys = System(1, Q(Quirk.SlowAnswers, slowMs: 200));
        var h = new ScriptedHost(sys, 0);
        h.Controller.FeedH4(new HciCommand(Op.Reset, []).ToH4());
        h.Controller.FeedH4(new HciCommand(Op.ReadBdAddr, []).ToH4());
        h.Controller.FeedH4(new HciCommand(Op.LeRand, []).ToH4());
        sys.RunFor(199_000);
        Assert.That(h.Inbox, Is.Empty);
        sys.RunFor(2_000);
        var opcodes = h.Inbox.OfType<HciEvent>().Select(ScriptedHost.OpcodeOf).ToList();
        Assert.That(opcodes, Is.EqualTo(new[] { Op.Reset, Op.ReadBdAddr, Op.LeRand }));
        // What a command starts follows its answer: Connection Complete after LE Create Connection Cancel's Command Complete.
        HostScripts.Init(h);
        HostScripts.CreateConnection(h, new BdAddr([1, 2, 3, 4, 5, 6]));
        var before = sys.Clock.NowUs;
        h.Controller.FeedH4(new HciCommand(Op.LeCreateConnectionCancel, []).ToH4());
        h.WaitLe(LeSubevent.EnhancedConnectionComplete);
        Assert.That(sys.Clock.NowUs - before, Is.GreaterThanOrEqualTo(200_000));
        var tail = h.All.OfType<HciEvent>().TakeLast(2).ToList();
        Assert.That(ScriptedHost.OpcodeOf(tail[0]), Is.EqualTo(Op.LeCreateConnectionCancel));
        Assert.That(tail[1].Subevent, Is.EqualTo(LeSubevent.EnhancedConnectionComplete));
    }

    [Test]
    public void Fragmented_h4_cuts_and_joins_packets_and_the_stream_still_carries_them_all_in_order()
    {
        static (List<string> Packets, int Partial, int Joined) Run()
        {
            var sys = System(2, Q(Quirk.FragmentedH4), Q(Quirk.FragmentedH4));
            var (c, p, ch, ph) = HostScripts.Connected(sys);
            for (var i = 0; i < 20; i++)
            {
                c.SendAcl(ch, Enumerable.Range(i, 100).Select(b => (byte)b).ToArray());
                p.SendAcl(ph, Enumerable.Range(i, 60).Select(b => (byte)b).ToArray());
            }
            sys.RunFor(2_000_000);
            var got = p.TakeAcl();
            Assert.That(got.Select(a => a.Data.Length).Sum(), Is.EqualTo(20 * 100));
            Assert.That(got.SelectMany(a => a.Data).Take(100), Is.EqualTo(Enumerable.Range(0, 100).Select(b => (byte)b)));
            Assert.That(c.TakeAcl().Select(a => a.Data.Length).Sum(), Is.EqualTo(20 * 60));
            return (c.All.Select(x => Convert.ToHexString(x.ToH4())).ToList(), c.PartialWrites + p.PartialWrites, c.JoinedWrites + p.JoinedWrites);
        }
        var first = Run();
        Assert.That(first.Partial, Is.GreaterThan(0), "some writes end inside a packet");
        Assert.That(first.Joined, Is.GreaterThan(0), "some writes carry several packets");
        var again = Run();
        Assert.That((again.Partial, again.Joined), Is.EqualTo((first.Partial, first.Joined)), "seeded: the same cuts again");
        Assert.That(again.Packets, Is.EqualTo(first.Packets));
    }

    [Test]
    public void Vendor_events_sends_vendor_specific_and_masked_LE_events_now_and_then()
    {
        var sys = System(2, Q(Quirk.VendorEvents));
        var (c, _, ch, _) = HostScripts.Connected(sys, HostFlavour.Zephyr, suggestedDataLength: 27); // LE mask 0x3F
        sys.RunFor(5_000_000);
        var events = c.All.OfType<HciEvent>().ToList();
        Assert.That(events.Count(e => e.Code == EventCode.VendorSpecific), Is.GreaterThanOrEqualTo(5));
        var masked = events.Where(e => e.Subevent == LeSubevent.ChannelSelectionAlgorithm).ToList();
        Assert.That(masked, Is.Not.Empty, "Channel Selection Algorithm although the host's LE event mask leaves it off");
        Assert.That(masked[0].Parameters[1] | masked[0].Parameters[2] << 8, Is.EqualTo(ch));
        Assert.That(c.Ok(Op.ReadBdAddr), Is.EqualTo(sys.Controllers[0].Options.PublicAddress.Bytes), "commands are answered as before");
    }

    [Test]
    public void Reset_loses_state_also_loses_the_public_address()
    {
        var sys = System(1, Q(Quirk.ResetLosesState));
        var h = new ScriptedHost(sys, 0);
        Assert.That(h.Ok(Op.ReadBdAddr), Is.EqualTo(sys.Controllers[0].Options.PublicAddress.Bytes), "at power-up it has one");
        h.Ok(Op.LeWriteSuggestedDefaultDataLength, [251, 0, 0x48, 0x08]);
        h.Ok(Op.Reset);
        Assert.That(h.Ok(Op.ReadBdAddr), Is.EqualTo(new byte[6]));
        // What every controller resets anyway, quirk or not.
        Assert.That(h.Ok(Op.LeReadSuggestedDefaultDataLength)[..2], Is.EqualTo(new byte[] { 27, 0 }));
    }

    [Test]
    public void Quirks_parse_for_every_controller_or_one_and_an_unknown_name_lists_the_known_ones()
    {
        var q = ControllerQuirks.Parse(["ignore-phy,1:slow-answers=200", "2:fragmented-h4"], 3);
        Assert.That(q.Select(x => x.ToString()), Is.EqualTo(new[] { "ignore-phy", "ignore-phy,slow-answers=200", "ignore-phy,fragmented-h4" }));
        Assert.That(q[1].SlowAnswersMs, Is.EqualTo(200));
        var e = Assert.Throws<FormatException>(() => ControllerQuirks.Parse(["ignore-phy,nosuch"], 2))!;
        Assert.That(e.Message, Does.Contain("unknown quirk nosuch").And.Contain("reset-loses-state").And.Not.Contain("\n"));
        Assert.Throws<FormatException>(() => ControllerQuirks.Parse(["2:ignore-phy"], 2));
        Assert.Throws<FormatException>(() => ControllerQuirks.Parse(["ignore-phy=3"], 2));
    }
}
