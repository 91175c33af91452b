using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

// Controller and baseband, informational and vendor commands: the controller itself and its host
// flow control, no radio. Declared in VirtualController.Commands.cs.
public sealed partial class VirtualController
{
    private ParamWriter SetEventMask(ref ParamReader p)
    {
        _eventMask = p.U64();
        return Ok();
    }

    private ParamWriter Reset()
    {
        ResetState();
        LoseWhatResetLoses();
        if (Quirks.Has(Quirk.TornFrameOnReset))
            SendRaw(TornFrame);
        return Ok();
    }

    /// <summary>torn-frame-on-reset: an LE Advertising Report that says 12 parameter bytes and stops after 4.</summary>
    internal static readonly byte[] TornFrame = [(byte)H4Type.Event, EventCode.LeMeta, 12, LeSubevent.AdvertisingReport, 1, 0, 0];

    private ParamWriter SetControllerToHostFlowControl(ref ParamReader p)
    {
        _hostFlowControl = (p.U8() & 1) != 0;
        _hostAclCredits = _hostAclTotal;
        return Ok();
    }

    private ParamWriter HostBufferSize(ref ParamReader p)
    {
        p.U16();
        p.U8();
        _hostAclTotal = _hostAclCredits = p.U16();
        return Ok();
    }

    /// <summary>Answered only when its parameters are bad: on success the host expects no event.</summary>
    private ParamWriter? HostNumberOfCompletedPackets(ref ParamReader p)
    {
        var n = p.U8();
        for (var i = 0; i < n; i++)
        {
            p.U16();
            _hostAclCredits += p.U16();
        }
        Drain();
        return null;
    }

    private ParamWriter SetEventMaskPage2(ref ParamReader p)
    {
        _eventMaskPage2 = p.U64();
        return Ok();
    }

    private static ParamWriter WriteLeHostSupport() => Ok();

    private ParamWriter ReadLocalVersionInformation() =>
        Ok().U8(Options.HciVersion).U16(Options.Subversion).U8(Options.HciVersion).U16(Options.Manufacturer).U16(Options.Subversion);

    private ParamWriter ReadLocalSupportedCommands() => Ok().Bytes(Commands.SupportedCommandsMask(Has));

    // Byte 4: LE supported (bit 6), BR/EDR not supported (bit 5).
    private static ParamWriter ReadLocalSupportedFeatures() => Ok().U64(0x60UL << 32);

    private static ParamWriter ReadLocalExtendedFeatures(ref ParamReader p)
    {
        var page = p.U8();
        return Ok().U8(page).U8(0).U64(page == 0 ? 0x60UL << 32 : 0);
    }

    private ParamWriter ReadBufferSize() => Ok().U16(Options.AclDataLength).U8(0).U16(Options.AclBuffers).U16(0);

    private ParamWriter ReadBdAddr() => Ok().Addr(_publicAddress);

    private ParamWriter LeSetEventMask(ref ParamReader p)
    {
        _leEventMask = p.U64();
        return Ok();
    }

    private ParamWriter LeReadBufferSize() => Ok().U16(Options.AclDataLength).U8((byte)Options.AclBuffers);

    private ParamWriter LeReadLocalSupportedFeatures() => Ok().U64(LeFeatures);

    private static ParamWriter LeReadSupportedStates() => Ok().U64(0x3FFFFFFFFFF);

    // One static address and a zero identity root, as a Zephyr controller answers.
    private ParamWriter ZephyrReadStaticAddresses() => Ok().U8(1).Addr(Options.StaticAddress).Bytes(new byte[16]);
}
