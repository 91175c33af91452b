using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

public sealed record ScanParameters(byte Type, ushort Interval, ushort Window, byte OwnAddressType, byte FilterPolicy)
{
    public static readonly ScanParameters Default = new(0, 0x0010, 0x0010, 0, 0);
    public bool Active => Type == 1;
    public long IntervalUs => Interval * 625L;
    public long WindowUs => Window * 625L;
}

/// <summary>
/// The scanning state: hears advertising PDUs during its scan windows and reports each one to the
/// host; when active, sends SCAN_REQ to scannable advertisers and reports their SCAN_RSP.
/// </summary>
public sealed class Scanner
{
    private readonly Radio _radio;
    private readonly long _startUs;
    private readonly HashSet<(DeviceAddress, byte)> _seen = [];

    internal Scanner(Controller.VirtualController owner, Radio radio, ScanParameters parameters, bool filterDuplicates, DeviceAddress ownAddress)
    {
        Owner = owner;
        _radio = radio;
        Parameters = parameters;
        FilterDuplicates = filterDuplicates;
        OwnAddress = ownAddress;
        _startUs = radio.Clock.NowUs;
    }

    public Controller.VirtualController Owner { get; }
    public ScanParameters Parameters { get; }
    public bool FilterDuplicates { get; }
    public DeviceAddress OwnAddress { get; }

    public bool Listening
    {
        get
        {
            if (Parameters.WindowUs >= Parameters.IntervalUs)
                return true;
            return (_radio.Clock.NowUs - _startUs) % Parameters.IntervalUs < Parameters.WindowUs;
        }
    }

    internal void Hear(Advertiser from, AdvertisingPdu pdu)
    {
        if (!Listening || _radio.Lost())
            return;
        if (pdu.Type == AdvPduType.AdvDirectInd && !Owner.IsOwnAddress(pdu.Target!))
            return;
        // The link layer resolves AdvA first: the filter accept list holds identities.
        if (Owner.Identify(pdu.Advertiser) is not { } seen)
            return;
        if (Parameters.FilterPolicy is 1 or 3 && !Owner.InFilterAcceptList(seen.Identity))
            return;
        Report(pdu, seen.Reported);
        if (Parameters.Active && pdu.Scannable && !_radio.Lost())
        {
            var rsp = from.AnswerScanRequest();
            if (rsp != null && !_radio.Lost())
                Report(rsp, seen.Reported);
        }
    }

    private void Report(AdvertisingPdu pdu, DeviceAddress reported)
    {
        if (FilterDuplicates && !_seen.Add((pdu.Advertiser, pdu.ReportEventType)))
            return;
        Owner.ReportAdvertisement(pdu, reported);
    }
}
