using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

// LE advertising and scanning commands, with the addresses and filter accept list they use.
// Declared in VirtualController.Commands.cs.
public sealed partial class VirtualController
{
    private ParamWriter LeSetRandomAddress(ref ParamReader p)
    {
        var a = p.Addr();
        if (Advertiser != null || Scanner != null || Initiator != null)
            return Fail(Status.CommandDisallowed);
        _randomAddress = a;
        return Ok();
    }

    private ParamWriter LeSetAdvertisingParameters(ref ParamReader p)
    {
        var prm = new AdvertisingParameters(p.U16(), p.U16(), p.U8(), p.U8(), new DeviceAddress(p.U8(), p.Addr()), p.U8(), p.U8());
        if (Advertiser != null)
            return Fail(Status.CommandDisallowed);
        if (prm.Type > 4 || (prm.Type != 1 && (prm.IntervalMin < 0x20 || prm.IntervalMin > prm.IntervalMax)))
            return Fail(Status.InvalidParameters);
        _advParams = prm;
        return Ok();
    }

    private static ParamWriter LeReadAdvertisingChannelTxPower() => Ok().U8(0);

    private ParamWriter LeSetAdvertisingData(ref ParamReader p)
    {
        var len = p.U8();
        var data = p.Bytes(31);
        if (len > 31)
            return Fail(Status.InvalidParameters);
        _advData = data[..len];
        if (Advertiser != null)
            Advertiser.Data = _advData;
        return Ok();
    }

    private ParamWriter LeSetScanResponseData(ref ParamReader p)
    {
        var len = p.U8();
        var data = p.Bytes(31);
        if (len > 31)
            return Fail(Status.InvalidParameters);
        _scanRspData = data[..len];
        if (Advertiser != null)
            Advertiser.ScanResponse = _scanRspData;
        return Ok();
    }

    private ParamWriter LeSetAdvertisingEnable(ref ParamReader p)
    {
        var enable = p.U8();
        if (enable == 0)
        {
            StopAdvertising();
            return Ok();
        }
        if (Advertiser != null)
            return Ok();
        if (OwnAddress(_advParams.OwnAddressType, _advParams.PeerAddress) is not { } own)
            return Fail(Status.InvalidParameters);
        Advertiser = new Advertiser(this, _radio, _advParams, own, _advData, _scanRspData) { TargetA = DirectedTarget() };
        AfterCommand = Advertiser.Start;
        return Ok();
    }

    private ParamWriter LeSetScanParameters(ref ParamReader p)
    {
        var prm = new ScanParameters(p.U8(), p.U16(), p.U16(), p.U8(), p.U8());
        if (Scanner != null)
            return Fail(Status.CommandDisallowed);
        if (prm.Type > 1 || prm.Window > prm.Interval || prm.Interval < 4)
            return Fail(Status.InvalidParameters);
        _scanParams = prm;
        return Ok();
    }

    private ParamWriter LeSetScanEnable(ref ParamReader p)
    {
        var enable = p.U8();
        var dup = p.U8();
        if (enable == 0)
        {
            Scanner = null;
            return Ok();
        }
        if (Scanner != null)
            return Ok();
        // No peer to pick an entry by: the entry of the all-zero identity, where NimBLE's host keeps its own IRK.
        if (OwnAddress(_scanParams.OwnAddressType, new DeviceAddress(0, BdAddr.Zero)) is not { } own)
            return Fail(Status.InvalidParameters);
        Scanner = new Scanner(this, _radio, _scanParams, dup != 0, own.OnAir);
        return Ok();
    }

    private ParamWriter LeReadFilterAcceptListSize() => Ok().U8((byte)Options.FilterAcceptListSize);

    private ParamWriter LeClearFilterAcceptList()
    {
        _filterAcceptList.Clear();
        return Ok();
    }

    private ParamWriter LeAddDeviceToFilterAcceptList(ref ParamReader p)
    {
        var a = new DeviceAddress(p.U8(), p.Addr());
        if (_filterAcceptList.Count >= Options.FilterAcceptListSize && !_filterAcceptList.Contains(a))
            return Fail(Status.MemoryCapacityExceeded);
        _filterAcceptList.Add(a);
        return Ok();
    }

    private ParamWriter LeRemoveDeviceFromFilterAcceptList(ref ParamReader p)
    {
        _filterAcceptList.Remove(new DeviceAddress(p.U8(), p.Addr()));
        return Ok();
    }
}
