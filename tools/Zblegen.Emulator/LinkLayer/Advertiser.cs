using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

public sealed record AdvertisingParameters(ushort IntervalMin, ushort IntervalMax, byte Type, byte OwnAddressType,
                                           DeviceAddress PeerAddress, byte ChannelMap, byte FilterPolicy)
{
    public static readonly AdvertisingParameters Default = new(0x0800, 0x0800, 0, 0, new DeviceAddress(0, BdAddr.Zero), 7, 0);

    public AdvPduType PduType => Type switch
    {
        0 => AdvPduType.AdvInd,
        1 or 4 => AdvPduType.AdvDirectInd,
        2 => AdvPduType.AdvScanInd,
        _ => AdvPduType.AdvNonconnInd,
    };

    /// <summary>High duty cycle directed advertising runs every 3.75 ms; otherwise the minimum interval (0.625 ms units).</summary>
    public long IntervalUs => Type == 1 ? 3750 : IntervalMin * 625L;
}

/// <summary>
/// The advertising state: one advertising event per interval plus advDelay (0–10 ms), each
/// heard by the other controllers' scanners and initiators; answers SCAN_REQ with SCAN_RSP.
/// </summary>
public sealed class Advertiser
{
    private const long AdvDelayMaxUs = 10_000;
    private readonly Radio _radio;
    private readonly ClockTimer _event;

    internal Advertiser(Controller.VirtualController owner, Radio radio, AdvertisingParameters parameters, Controller.LocalAddress local, byte[] data, byte[] scanResponse)
    {
        Owner = owner;
        _radio = radio;
        Parameters = parameters;
        _local = local;
        Data = data;
        ScanResponse = scanResponse;
        _event = radio.Clock.Timer(RunEvent);
    }

    public Controller.VirtualController Owner { get; }
    public AdvertisingParameters Parameters { get; }
    /// <summary>AdvA; a new RPA on the RPA timeout goes out from the next advertising event.</summary>
    public DeviceAddress Address => _local.OnAir;

    /// <summary>A directed advertisement's TargetA when it is an RPA of the peer's IRK; null: the peer's address as given.</summary>
    public DeviceAddress? TargetA
    {
        get => _targetA;
        internal set { _targetA = value; _pdu = null; }
    }

    /// <summary>AdvA and whether it is an RPA of the resolving list.</summary>
    public Controller.LocalAddress Local
    {
        get => _local;
        internal set { _local = value; _pdu = null; _scanRsp = null; }
    }
    public byte[] Data
    {
        get => _data;
        set { _data = value; _pdu = null; }
    }

    public byte[] ScanResponse
    {
        get => _scanResponse;
        set { _scanResponse = value; _scanRsp = null; }
    }
    public bool Closed { get; private set; }
    public long EventCount { get; private set; }

    /// <summary>Scheduled time of each advertising event, for the timing benchmark.</summary>
    public Action<long>? OnEvent { get; set; }

    public void Start() => _event.At(_radio.Clock.NowUs + _radio.JitterUs(AdvDelayMaxUs));

    public void Stop()
    {
        Closed = true;
        _event.Cancel();
    }

    // The PDUs are immutable and their data changes only through the setters: built once per change, not per
    // event and scanner (with 32 scanners that was most of the emulator's garbage).
    private AdvertisingPdu? _pdu;
    private AdvertisingPdu? _scanRsp;
    private byte[] _data = [];
    private byte[] _scanResponse = [];
    private Controller.LocalAddress _local;
    private DeviceAddress? _targetA;

    public AdvertisingPdu CurrentPdu() => _pdu ??= new(Parameters.PduType, Address,
        Parameters.PduType == AdvPduType.AdvDirectInd ? [] : Data,
        Parameters.PduType == AdvPduType.AdvDirectInd ? TargetA ?? Parameters.PeerAddress : null);

    private void RunEvent()
    {
        if (Closed)
            return;
        var scheduledUs = _event.DueUs;
        EventCount++;
        OnEvent?.Invoke(scheduledUs);
        _radio.Advertise(this, CurrentPdu());
        if (!Closed)
            _event.At(scheduledUs + Parameters.IntervalUs + _radio.JitterUs(AdvDelayMaxUs));
    }

    /// <summary>A scanner's SCAN_REQ reached us: the SCAN_RSP, or null if this PDU type takes none.</summary>
    internal AdvertisingPdu? AnswerScanRequest() =>
        Closed || !CurrentPdu().Scannable ? null : _scanRsp ??= new AdvertisingPdu(AdvPduType.ScanRsp, Address, ScanResponse, null);
}
