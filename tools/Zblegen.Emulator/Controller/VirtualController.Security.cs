using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

// LE security and privacy commands: the AES and random-number primitives, encryption of a link
// (the procedure itself in LinkLayer/Connection.Encryption.cs), and the resolving list with
// address resolution in the link layer (ResolvingList.cs). Declared in VirtualController.Commands.cs.
public sealed partial class VirtualController
{
    private static ParamWriter LeEncrypt(ref ParamReader p) => Ok().Bytes(Aes128(p.Bytes(16), p.Bytes(16)));

    private ParamWriter LeRand()
    {
        var r = new byte[8];
        _rng.NextBytes(r);
        return Ok().Bytes(r);
    }

    private ParamWriter LeEnableEncryption(ref ParamReader p)
    {
        var h = p.U16();
        var rand = p.U64();
        var ediv = p.U16();
        var ltk = p.Bytes(16);
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId);
        return Answer(c.StartEncryption(ltk, rand, ediv));
    }

    private ParamWriter LeLongTermKeyRequestReply(ref ParamReader p)
    {
        var h = p.U16();
        var ltk = p.Bytes(16);
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId).U16(h);
        return c.AnswerLtkRequest(ltk) ? Ok().U16(h) : Fail(Status.CommandDisallowed).U16(h);
    }

    private ParamWriter LeLongTermKeyRequestNegativeReply(ref ParamReader p)
    {
        var h = p.U16();
        if (!_connections.TryGetValue(h, out var c))
            return Fail(Status.UnknownConnectionId).U16(h);
        return c.AnswerLtkRequest(null) ? Ok().U16(h) : Fail(Status.CommandDisallowed).U16(h);
    }

    private static ParamWriter ReadAuthenticatedPayloadTimeout(ref ParamReader p)
    {
        var h = p.U16();
        return Ok().U16(h).U16(3000);
    }

    private static ParamWriter WriteAuthenticatedPayloadTimeout(ref ParamReader p)
    {
        var h = p.U16();
        return Ok().U16(h);
    }

    /// <summary>Resolving list changes and resolution enable wait while the list may be in use (Vol 4 Part E §7.8.38, §7.8.44).</summary>
    private bool ResolvingListInUse => Advertiser != null || Scanner != null || Initiator != null;

    private ParamWriter LeAddDeviceToResolvingList(ref ParamReader p)
    {
        var identity = new DeviceAddress(p.U8(), p.Addr());
        var peerIrk = p.Bytes(16);
        var localIrk = p.Bytes(16);
        if (identity.Type > 1)
            return Fail(Status.InvalidParameters);
        if (_resolvingList.Enabled && ResolvingListInUse)
            return Fail(Status.CommandDisallowed);
        var status = _resolvingList.Add(identity, peerIrk, localIrk, _privacyRng);
        if (status == Status.Success && _resolvingList.GeneratesRpas && !_rpaTimer.Pending)
            _rpaTimer.After(_resolvingList.TimeoutS * 1_000_000L);
        return Answer(status);
    }

    private ParamWriter LeRemoveDeviceFromResolvingList(ref ParamReader p)
    {
        var identity = new DeviceAddress(p.U8(), p.Addr());
        if (_resolvingList.Enabled && ResolvingListInUse)
            return Fail(Status.CommandDisallowed);
        return _resolvingList.Remove(identity) ? Ok() : Fail(Status.UnknownConnectionId);
    }

    private ParamWriter LeClearResolvingList()
    {
        if (_resolvingList.Enabled && ResolvingListInUse)
            return Fail(Status.CommandDisallowed);
        _resolvingList.Clear();
        return Ok();
    }

    private ParamWriter LeReadResolvingListSize() => Ok().U8((byte)_resolvingList.Capacity);

    private ParamWriter LeReadPeerResolvableAddress(ref ParamReader p)
    {
        var e = _resolvingList.Find(new DeviceAddress(p.U8(), p.Addr()));
        return e == null ? Fail(Status.UnknownConnectionId).Addr(BdAddr.Zero) : Ok().Addr(e.PeerRpa ?? BdAddr.Zero);
    }

    private ParamWriter LeReadLocalResolvableAddress(ref ParamReader p)
    {
        var e = _resolvingList.Find(new DeviceAddress(p.U8(), p.Addr()));
        return e == null ? Fail(Status.UnknownConnectionId).Addr(BdAddr.Zero) : Ok().Addr(e.LocalRpa ?? BdAddr.Zero);
    }

    private ParamWriter LeSetAddressResolutionEnable(ref ParamReader p)
    {
        var enable = p.U8();
        if (enable > 1)
            return Fail(Status.InvalidParameters);
        if (ResolvingListInUse)
            return Fail(Status.CommandDisallowed);
        _resolvingList.Enabled = enable == 1;
        return Ok();
    }

    /// <summary>1 s to 11.5 h (0xA1B8), as NimBLE's controller and Core 5.1 onwards take it; the rotation restarts.</summary>
    private ParamWriter LeSetResolvablePrivateAddressTimeout(ref ParamReader p)
    {
        var seconds = p.U16();
        if (seconds is 0 or > 0xA1B8)
            return Fail(Status.InvalidParameters);
        _resolvingList.TimeoutS = seconds;
        if (_resolvingList.GeneratesRpas)
            _rpaTimer.After(seconds * 1_000_000L);
        return Ok();
    }

    private ParamWriter LeSetPrivacyMode(ref ParamReader p)
    {
        var identity = new DeviceAddress(p.U8(), p.Addr());
        var mode = p.U8();
        if (_resolvingList.Enabled && ResolvingListInUse)
            return Fail(Status.CommandDisallowed);
        if (_resolvingList.Find(identity) is not { } e)
            return Fail(Status.UnknownConnectionId);
        if (mode > (byte)PrivacyMode.Device)
            return Fail(Status.InvalidParameters);
        e.Mode = (PrivacyMode)mode;
        return Ok();
    }

    /// <summary>The RPA timeout: fresh local RPAs, taken by a running advertiser at its next event, as real link layers do.</summary>
    private void RotateRpas()
    {
        _resolvingList.Regenerate(_privacyRng);
        if (_resolvingList.GeneratesRpas)
            _rpaTimer.After(_resolvingList.TimeoutS * 1_000_000L);
        if (Advertiser != null && OwnAddress(_advParams.OwnAddressType, _advParams.PeerAddress) is { } a)
        {
            Advertiser.Local = a;
            Advertiser.TargetA = DirectedTarget();
        }
    }

    /// <summary>
    /// TargetA of directed advertising with own address type 2 or 3: an RPA of the peer's IRK when resolution is
    /// enabled and the entry has one (Vol 4 Part E §7.8.5), else null for the peer's address as given.
    /// </summary>
    private DeviceAddress? DirectedTarget()
    {
        if (_advParams.OwnAddressType is not (2 or 3) || !_resolvingList.Enabled)
            return null;
        var e = _resolvingList.Find(_advParams.PeerAddress with { Type = (byte)(_advParams.PeerAddress.Type & 1) });
        return e == null || ResolvablePrivateAddress.IsZeroKey(e.PeerIrk) ? null : new DeviceAddress(1, ResolvablePrivateAddress.Generate(e.PeerIrk, _privacyRng));
    }
}
