using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

/// <summary>What LE_Create_Connection asked for (intervals in 1.25 ms units, timeout in 10 ms units).</summary>
public sealed record ConnectParameters(ushort ScanInterval, ushort ScanWindow, byte FilterPolicy, DeviceAddress Peer,
                                       byte OwnAddressType, ushort IntervalMin, ushort IntervalMax, ushort Latency, ushort Timeout)
{
    public long ScanIntervalUs => ScanInterval * 625L;
    public long ScanWindowUs => ScanWindow * 625L;
}

/// <summary>
/// The initiating state: listens like a scanner and answers the target's next connectable
/// advertisement with CONNECT_IND, which creates the <see cref="Link"/>.
/// </summary>
public sealed class Initiator
{
    private readonly Radio _radio;
    private readonly long _startUs;

    internal Initiator(Controller.VirtualController owner, Radio radio, ConnectParameters parameters)
    {
        Owner = owner;
        _radio = radio;
        Parameters = parameters;
        _startUs = radio.Clock.NowUs;
    }

    public Controller.VirtualController Owner { get; }
    public ConnectParameters Parameters { get; }

    internal void Hear(Advertiser from, AdvertisingPdu pdu)
    {
        if (!pdu.Connectable || from.Closed)
            return;
        if (Parameters.ScanWindowUs < Parameters.ScanIntervalUs && (_radio.Clock.NowUs - _startUs) % Parameters.ScanIntervalUs >= Parameters.ScanWindowUs)
            return;
        // Both ends resolve what they hear first: the peer address and filter accept lists are identities.
        if (Owner.Identify(pdu.Advertiser) is not { } advertiser)
            return;
        var wanted = Parameters.FilterPolicy == 0
            ? advertiser.Identity.Equals(Parameters.Peer with { Type = (byte)(Parameters.Peer.Type & 1) })
            : Owner.InFilterAcceptList(advertiser.Identity);
        if (!wanted)
            return;
        if (pdu.Type == AdvPduType.AdvDirectInd && !Owner.IsOwnAddress(pdu.Target!))
            return;
        var own = Owner.OwnAddress(Parameters.OwnAddressType, advertiser.Identity)!.Value;
        if (from.Owner.Identify(own.OnAir) is not { } initiator)
            return;
        if (from.Parameters.FilterPolicy is 2 or 3 && !from.Owner.InFilterAcceptList(initiator.Identity))
            return;
        if (_radio.Lost())
            return; // CONNECT_IND lost: try again on the next advertisement
        // CONNECT_IND (34 bytes) follows the advertisement after T_IFS.
        var connectIndEndUs = _radio.Clock.NowUs + Airtime.PduUs(pdu.PayloadBytes) + Airtime.TIfsUs + Airtime.PduUs(34);
        Link.Establish(_radio, this, own, advertiser, from, initiator, connectIndEndUs);
    }
}
