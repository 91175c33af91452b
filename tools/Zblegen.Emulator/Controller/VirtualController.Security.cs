using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

// LE security and privacy commands: the AES and random-number primitives, encryption of a link,
// and the resolving list (kept, while privacy itself is left to the host). Declared in
// VirtualController.Commands.cs.
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
        if (c.Role != ConnectionRole.Central)
            return Fail(Status.CommandDisallowed);
        c.StartEncryption(ltk, rand, ediv);
        return Ok();
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

    private ParamWriter LeAddDeviceToResolvingList(ref ParamReader p)
    {
        var a = new DeviceAddress(p.U8(), p.Addr());
        p.Bytes(32); // peer and local IRK: privacy is left to the host
        if (_resolvingList.Count >= Options.ResolvingListSize && !_resolvingList.Contains(a))
            return Fail(Status.MemoryCapacityExceeded);
        _resolvingList.Add(a);
        return Ok();
    }

    private ParamWriter LeRemoveDeviceFromResolvingList(ref ParamReader p)
    {
        _resolvingList.Remove(new DeviceAddress(p.U8(), p.Addr()));
        return Ok();
    }

    private ParamWriter LeClearResolvingList()
    {
        _resolvingList.Clear();
        return Ok();
    }

    private ParamWriter LeReadResolvingListSize() => Ok().U8((byte)Options.ResolvingListSize);

    private static ParamWriter LeSetAddressResolutionEnable(ref ParamReader p)
    {
        p.U8();
        return Ok();
    }

    private static ParamWriter LeSetResolvablePrivateAddressTimeout(ref ParamReader p)
    {
        p.U16();
        return Ok();
    }

    private static ParamWriter LeSetPrivacyMode(ref ParamReader p)
    {
        p.U8();
        p.Addr();
        p.U8();
        return Ok();
    }
}
