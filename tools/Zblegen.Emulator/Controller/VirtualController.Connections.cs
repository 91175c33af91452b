using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

// LE connection commands: creating and ending connections, their parameters, data length, PHY
// and what a host reads of a link. Declared in VirtualController.Commands.cs.
public sealed partial class VirtualController
{
    private ParamWriter LeCreateConnection(ref ParamReader p)
    {
        var prm = new ConnectParameters(p.U16(), p.U16(), p.U8(), new DeviceAddress(p.U8(), p.Addr()), p.U8(), p.U16(), p.U16(), p.U16(), p.U16());
        p.U16();
        p.U16();
        if (Initiator != null)
            return Fail(Status.CommandDisallowed);
        if (!ValidConnectionParameters(prm.IntervalMin, prm.IntervalMax, prm.Latency, prm.Timeout) || prm.ScanWindow > prm.ScanInterval)
            return Fail(Status.InvalidParameters);
        if (OwnAddress(prm.OwnAddressType, prm.Peer) == null)
            return Fail(Status.InvalidParameters);
        Initiator = new Initiator(this, _radio, prm);
        return Ok();
    }

    /// <summary>
    /// Core spec Vol 4 Part E §7.8.12: interval 6 to 3200, latency up to 499, timeout 10 to 3200 and
    /// longer than (1 + latency) × Interval_Max × 2, so a link never times out while the peripheral
    /// may legitimately stay silent.
    /// </summary>
    private static bool ValidConnectionParameters(ushort min, ushort max, ushort latency, ushort timeout) =>
        min >= 6 && min <= max && max <= 3200 && latency <= 499 && timeout is >= 10 and <= 3200
        && timeout * 10_000L > (1 + latency) * max * 1250L * 2;

    private ParamWriter LeCreateConnectionCancel()
    {
        if (Initiator == null)
            return Fail(Status.CommandDisallowed);
        Initiator = null;
        AfterCommand = () => SendConnectionComplete(Status.UnknownConnectionId, 0, ConnectionRole.Central,
            new SeenAddress(new DeviceAddress(0, BdAddr.Zero), null), null, 0, 0, 0);
        return Ok();
    }

    private ParamWriter Disconnect(ref ParamReader p)
    {
        var h = p.U16();
        var reason = p.U8();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId);
        // A link already ending refuses a second request, as NimBLE's controller does
        // (ble_ll_conn_hci.c: disconnect_reason set → Command Disallowed).
        if (c.Terminating)
            return Fail(Status.CommandDisallowed);
        c.Terminating = true;
        c.Enqueue(new DataPdu(Llid.Control, [], new TerminateInd(reason)));
        return Ok();
    }

    private ParamWriter LeConnectionUpdate(ref ParamReader p)
    {
        var h = p.U16();
        var min = p.U16();
        var max = p.U16();
        var latency = p.U16();
        var timeout = p.U16();
        p.U16();
        p.U16();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId);
        if (!ValidConnectionParameters(min, max, latency, timeout))
            return Fail(Status.InvalidParameters);
        if (c.Role == ConnectionRole.Central) // Interval_Max, as Zephyr's controller (hci.c le_conn_update) takes it
            c.Link.RequestUpdate(max, latency, timeout);
        else // no Connection Parameters Request procedure: the host falls back to L2CAP signalling
            AfterCommand = () => SendLeEvent(Events.LeConnectionUpdateComplete(Status.UnsupportedRemoteFeature, h, c.Link.Interval, c.Link.Latency, c.Link.Timeout));
        return Ok();
    }

    private ParamWriter LeReadRemoteFeatures(ref ParamReader p)
    {
        var h = p.U16();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId);
        c.ExchangeFeatures();
        return Ok();
    }

    private ParamWriter ReadRemoteVersionInformation(ref ParamReader p)
    {
        var h = p.U16();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId);
        c.ExchangeVersion();
        return Ok();
    }

    private ParamWriter LeSetDataLength(ref ParamReader p)
    {
        var h = p.U16();
        var octets = p.U16();
        p.U16();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId).U16(h);
        c.RequestDataLength(octets);
        return Ok().U16(h);
    }

    private ParamWriter LeReadSuggestedDefaultDataLength() => Ok().U16(_suggestedTxOctets).U16(Airtime.MaxTimeFieldUs(_suggestedTxOctets));

    private ParamWriter LeWriteSuggestedDefaultDataLength(ref ParamReader p)
    {
        var octets = p.U16();
        p.U16();
        if (octets is < 27 or > 251)
            return Fail(Status.InvalidParameters);
        _suggestedTxOctets = octets;
        return Ok();
    }

    private static ParamWriter LeReadMaximumDataLength() =>
        Ok().U16(251).U16(Airtime.MaxTimeFieldUs(251)).U16(251).U16(Airtime.MaxTimeFieldUs(251));

    private ParamWriter LeReadPhy(ref ParamReader p)
    {
        var h = p.U16();
        return _connections.TryGetValue(h, out var c) ? Ok().U16(h).U8(c.Link.Phy).U8(c.Link.Phy) : Fail(Status.UnknownConnectionId).U16(h).U8(0).U8(0);
    }

    /// <summary>The outcome follows in LE PHY Update Complete once the LL procedure is over.</summary>
    private ParamWriter LeSetPhy(ref ParamReader p)
    {
        var h = p.U16();
        var all = p.U8();
        var tx = p.U8();
        var rx = p.U8();
        p.U16();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId);
        c.RequestPhy(all, tx, rx);
        return Ok();
    }

    private static ParamWriter LeSetDefaultPhy(ref ParamReader p)
    {
        p.U8();
        p.U8();
        p.U8();
        return Ok();
    }

    private static ParamWriter LeSetHostChannelClassification(ref ParamReader p)
    {
        p.Bytes(5);
        return Ok();
    }

    private ParamWriter LeReadChannelMap(ref ParamReader p)
    {
        var h = p.U16();
        return _connections.ContainsKey(h) ? Ok().U16(h).Bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x1F])
                                           : Fail(Status.UnknownConnectionId).U16(h).Bytes(new byte[5]);
    }

    private ParamWriter ReadRssi(ref ParamReader p)
    {
        var h = p.U16();
        return _connections.ContainsKey(h) ? Ok().U16(h).U8((byte)Options.Rssi) : Fail(Status.UnknownConnectionId).U16(h).U8(0);
    }

    private static ParamWriter ReadTransmitPowerLevel(ref ParamReader p)
    {
        var h = p.U16();
        return Ok().U16(h).U8(0);
    }
}
