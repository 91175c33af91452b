using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

/// <summary>
/// One LE connection between a central and a peripheral controller: runs connection events at the
/// connection interval, each a series of central→peripheral / peripheral→central exchanges that
/// stops when neither side has more data, a packet is lost, or the interval is used up. Applies
/// connection and PHY updates at their instant and enforces the supervision timeout at both ends.
/// </summary>
public sealed class Link
{
    /// <summary>Instants are set this many events ahead (the spec asks for at least 6).</summary>
    public const int InstantDelay = 6;

    /// <summary>
    /// transmitWindowDelay: the first connection event starts this long after CONNECT_IND ends. The
    /// transmit window offset is 0, as Zephyr's and NimBLE's controllers choose it when no other
    /// connection needs the time.
    /// </summary>
    public const int TransmitWindowDelayUs = 1250;

    private readonly Radio _radio;
    // A connection event starts at its anchor; its later exchanges follow at their own times.
    private readonly ClockTimer _created, _event, _exchange;
    private long _anchorUs;
    private ConnectionUpdateInd? _pendingUpdate;
    private PhyUpdateInd? _pendingPhy;
    private long _usedUs;

    private Link(Radio radio, ushort interval, ushort latency, ushort timeout)
    {
        _radio = radio;
        Interval = interval;
        Latency = latency;
        Timeout = timeout;
        _created = radio.Clock.Timer(Created);
        _event = radio.Clock.Timer(RunEvent);
        _exchange = radio.Clock.Timer(Exchange);
    }

    public Connection Central { get; private set; } = null!;
    public Connection Peripheral { get; private set; } = null!;
    /// <summary>Connection interval in 1.25 ms units.</summary>
    public ushort Interval { get; private set; }
    public ushort Latency { get; private set; }
    /// <summary>Supervision timeout in 10 ms units.</summary>
    public ushort Timeout { get; private set; }
    public long IntervalUs => Interval * 1250L;
    internal long NowUs => _radio.Clock.NowUs;
    public long TimeoutUs => Timeout * 10_000L;
    public ushort EventCounter { get; private set; }
    /// <summary>1 (LE 1M) or 2 (LE 2M), the same both ways. Airtime stays 1M's.</summary>
    public byte Phy { get; private set; } = 1;
    public bool Closed { get; private set; }
    /// <summary>Every packet on this link is lost from now on: fault injection, or one end left it (MIC failure).</summary>
    public bool Dropped { get; private set; }

    /// <summary>
    /// CONNECT_IND is on air: the advertiser and the initiator are done at once (nobody else may
    /// connect to this advertisement), but both hosts hear of the connection only when the PDU
    /// ends, as real controllers report it.
    /// </summary>
    /// <param name="initA">The initiator's address in CONNECT_IND.</param>
    /// <param name="advertiserSeen">AdvA as the initiator's link layer resolved it.</param>
    /// <param name="initiatorSeen">InitA as the advertiser's link layer resolved it.</param>
    internal static Link Establish(Radio radio, Initiator initiator, Controller.LocalAddress initA, Controller.SeenAddress advertiserSeen,
                                   Advertiser advertiser, Controller.SeenAddress initiatorSeen, long connectIndEndUs)
    {
        var p = initiator.Parameters;
        // Interval_Max, as NimBLE's (ble_ll_conn_hci.c) and Zephyr's (hci.c) controllers take it with no other connection to fit.
        var link = new Link(radio, p.IntervalMax, p.Latency, p.Timeout);
        var central = initiator.Owner;
        var peripheral = advertiser.Owner;
        link.Central = new Connection(central, link, ConnectionRole.Central, advertiserSeen, initA, radio.Clock.NowUs);
        link.Peripheral = new Connection(peripheral, link, ConnectionRole.Peripheral, initiatorSeen, advertiser.Local, radio.Clock.NowUs);
        peripheral.OnConnected(link.Peripheral, advertiser);
        central.OnConnected(link.Central, initiator);
        link._created.At(connectIndEndUs);
        link._anchorUs = connectIndEndUs + TransmitWindowDelayUs;
        link._event.At(link._anchorUs);
        return link;
    }

    private void Created()
    {
        if (Closed)
            return;
        Peripheral.Owner.OnCreated(Peripheral);
        Central.Owner.OnCreated(Central);
    }

    public Connection Other(Connection c) => ReferenceEquals(c, Central) ? Peripheral : Central;

    /// <summary>Fault injection: the peers stop hearing each other; both ends time out.</summary>
    public void Drop() => Dropped = true;

    /// <summary>Ends the link at once (both ends are told by their owners).</summary>
    internal void Close()
    {
        Closed = true;
        _created.Cancel();
        _event.Cancel();
        _exchange.Cancel();
    }

    /// <summary>
    /// The central's host asked for new parameters: the update takes effect at an instant. Like the central's other
    /// procedures it waits for the one in progress, and its instant counts from when it starts.
    /// </summary>
    internal void RequestUpdate(ushort interval, ushort latency, ushort timeout)
    {
        Central.StartProcedure(() => new ConnectionUpdateInd(interval, latency, timeout, (ushort)(EventCounter + InstantDelay + Latency)));
    }

    /// <summary>One end received LL_TERMINATE_IND: it reports the peer's reason, the sender reports that its host ended the link.</summary>
    internal void Terminate(Connection receiver, byte reason)
    {
        Close();
        receiver.Owner.OnDisconnected(receiver, reason);
        var sender = Other(receiver);
        sender.Owner.OnDisconnected(sender, Status.LocalHostTerminated);
    }

    /// <summary>A failure seen by both ends at once (e.g. MIC failure): both report the same reason.</summary>
    internal void Fail(byte reason)
    {
        Close();
        Central.Owner.OnDisconnected(Central, reason);
        Peripheral.Owner.OnDisconnected(Peripheral, reason);
    }

    /// <summary>
    /// <paramref name="end"/> left the connection on its own (MIC failure): its host is told now, the other end
    /// hears nothing more and gives up on its supervision timeout, as on air.
    /// </summary>
    internal void Abandon(Connection end, byte reason)
    {
        Dropped = true;
        end.Owner.OnDisconnected(end, reason);
    }

    /// <summary>The peripheral received the update: remember it until its instant.</summary>
    internal void AcceptUpdate(ConnectionUpdateInd update) => _pendingUpdate = update;

    /// <summary>The central chose the PHY (Core spec Vol 6 Part B §5.1.10): 2M when both ends can and want it.</summary>
    internal PhyUpdateInd ChoosePhy(byte peerTx, byte peerRx, byte ownTx, byte ownRx)
    {
        var phy = (peerTx & peerRx & ownTx & ownRx & 0b10) != 0 ? (byte)2 : (byte)1;
        var mask = (byte)(1 << (phy - 1));
        return phy == Phy ? new PhyUpdateInd(0, 0, 0) : new PhyUpdateInd(mask, mask, (ushort)(EventCounter + InstantDelay + Latency));
    }

    /// <summary>The peripheral received LL_PHY_UPDATE_IND: without a change the procedure is over now, else at its instant.</summary>
    internal void AcceptPhyUpdate(PhyUpdateInd update)
    {
        if (update.CentralToPeripheral == 0)
            CompletePhyUpdate(null);
        else
            _pendingPhy = update;
    }

    /// <summary>
    /// The PHY update is over: each end's host hears if it asked or the PHY changed (Vol 4 Part E §7.7.65.12).
    /// instant-passed-phy on either end drops the link instead.
    /// </summary>
    private void CompletePhyUpdate(byte? phy)
    {
        if (FailsOn(Controller.Quirk.InstantPassedPhy))
            return;
        var changed = phy is { } p && p != Phy;
        if (changed)
            Phy = phy!.Value;
        Central.PhyUpdateDone(changed);
        Peripheral.PhyUpdateDone(changed);
    }

    /// <summary>
    /// A quirk of either end that ends the link with Instant Passed when an update completes, as the CYW43 is
    /// reported to do: both hosts get Disconnection Complete with 0x28. True if the link is gone.
    /// </summary>
    internal bool FailsOn(Controller.Quirk quirk)
    {
        if (!Central.Owner.Quirks.Has(quirk) && !Peripheral.Owner.Quirks.Has(quirk))
            return false;
        Fail(Status.InstantPassed);
        return true;
    }

    private void RunEvent()
    {
        if (Closed)
            return;
        if (_pendingUpdate is { } u && (short)(EventCounter - u.Instant) >= 0)
        {
            _pendingUpdate = null;
            Interval = u.Interval;
            Latency = u.Latency;
            Timeout = u.Timeout;
            Central.EndProcedure();
            Central.Owner.OnConnectionUpdated(Central);
            Peripheral.Owner.OnConnectionUpdated(Peripheral);
        }
        if (_pendingPhy is { } phy && (short)(EventCounter - phy.Instant) >= 0)
        {
            _pendingPhy = null;
            CompletePhyUpdate((byte)(phy.CentralToPeripheral == 0b10 ? 2 : 1));
            if (Closed)
                return;
        }
        _usedUs = 0;
        Exchange();
    }

    /// <summary>
    /// One central→peripheral / peripheral→central exchange at its own time within the event, so
    /// what the controllers hand their hosts in the meantime drains as it would on air. Each side sends
    /// what was ready at its slot and sets MD if more was; the event closes when neither did, so data a
    /// host hands over meanwhile waits for the next event, as on air.
    /// </summary>
    private void Exchange()
    {
        if (Closed)
            return;
        var now = _radio.Clock.NowUs;
        var (c, centralMore) = Central.NextTx(now);
        var peripheralSlotUs = now + Airtime.PduUs(c?.PayloadBytes ?? 0) + Airtime.TIfsUs;
        var (p, _) = Peripheral.NextTx(peripheralSlotUs);
        var cost = Airtime.ExchangeUs(c?.PayloadBytes ?? 0, p?.PayloadBytes ?? 0);
        if (_usedUs > 0 && _usedUs + cost > IntervalUs)
        {
            EndEvent();
            return;
        }
        _usedUs += cost;
        if (Dropped || _radio.Lost())
        {
            EndEvent(); // the peripheral heard nothing and stays silent: the event closes
            return;
        }
        Peripheral.ReceiveFrom(Central, c, peripheralSlotUs - Airtime.TIfsUs);
        if (Closed)
            return;
        (p, var peripheralMore) = Peripheral.NextTx(peripheralSlotUs); // after the central's acknowledgement freed its head
        if (Dropped || _radio.Lost())
        {
            EndEvent(); // the central missed the answer: it retransmits at the next event
            return;
        }
        Central.ReceiveFrom(Peripheral, p, peripheralSlotUs + Airtime.PduUs(p?.PayloadBytes ?? 0));
        if (Closed)
            return;
        if (!centralMore && !peripheralMore)
        {
            EndEvent();
            return;
        }
        _exchange.At(_anchorUs + _usedUs);
    }

    private void EndEvent()
    {
        var now = _radio.Clock.NowUs;
        EventCounter++;
        if (now - Central.LastRxUs > TimeoutUs || now - Peripheral.LastRxUs > TimeoutUs)
        {
            // Each end sees the silence on its own; both give up at the same time here.
            Close();
            Central.Owner.OnDisconnected(Central, Status.ConnectionTimeout);
            Peripheral.Owner.OnDisconnected(Peripheral, Status.ConnectionTimeout);
            return;
        }
        _anchorUs += IntervalUs;
        _event.At(_anchorUs);
    }
}
