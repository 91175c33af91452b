using System.Security.Cryptography;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

/// <summary>
/// A virtual LE controller: takes HCI from one host, answers every command in
/// <see cref="Execute"/>, and drives the link-layer roles (advertiser, scanner, initiator,
/// connections) on the shared <see cref="Radio"/>. Events towards the host respect NimBLE's
/// limits (68 parameter bytes, one report per event), the event masks, and ACL pacing.
/// Single-threaded: whoever drives the clock also feeds the host's bytes.
/// </summary>
public sealed class VirtualController
{
    private const ulong DefaultEventMask = 0x00001FFFFFFFFFFF;
    private const ulong DefaultLeEventMask = 0x1F;
    private const ulong LeFeatureEncryption = 1 << 0;
    private const ulong LeFeatureDataLengthExtension = 1 << 5;

    private readonly Radio _radio;
    private readonly Action<string> _log;
    private readonly H4Reader _h4;
    private readonly Random _rng;
    private readonly Dictionary<ushort, Connection> _connections = [];
    private readonly H4FrameQueue _toHost = new();
    private readonly Dictionary<ushort, int> _completed = [];
    private readonly HashSet<DeviceAddress> _filterAcceptList = [];
    private readonly HashSet<DeviceAddress> _resolvingList = [];

    private ulong _eventMask;
    private ulong _leEventMask;
    private BdAddr? _randomAddress;
    private AdvertisingParameters _advParams = AdvertisingParameters.Default;
    private byte[] _advData = [];
    private byte[] _scanRspData = [];
    private ScanParameters _scanParams = ScanParameters.Default;
    private int _suggestedTxOctets;
    private bool _hostFlowControl;
    private int _hostAclCredits;
    private int _hostAclTotal;
    private readonly ClockTimer _drainTimer;      // ACL towards the host waits for the next millisecond's budget
    private readonly ClockTimer _completedTimer;  // Number_Of_Completed_Packets, coalesced over 1 ms
    private long _aclWindowMs = -1;
    private int _aclInWindow;

    public VirtualController(int index, ControllerOptions options, Radio radio, Action<string>? log = null)
    {
        Index = index;
        Options = options;
        _radio = radio;
        _log = log ?? (_ => { });
        _rng = new Random(radio.Options.Seed * 7919 + index);
        _h4 = new H4Reader(options.AclDataLength, Receive, why => _log($"controller {index}: dropped from host: {why}"));
        _drainTimer = radio.Clock.Timer(Drain);
        _completedTimer = radio.Clock.Timer(FlushCompleted);
        ResetState();
        radio.Attach(this);
    }

    public int Index { get; }
    public ControllerOptions Options { get; }
    public Advertiser? Advertiser { get; private set; }
    public Scanner? Scanner { get; private set; }
    public Initiator? Initiator { get; private set; }
    public IReadOnlyDictionary<ushort, Connection> Connections => _connections;
    public long DroppedFromHost => _h4.DroppedPackets;
    public ulong LeFeatures => LeFeatureEncryption | LeFeatureDataLengthExtension;
    internal bool HasRoomTowardsHost => _toHost.AclCount < Options.HostAclQueue;

    /// <summary>
    /// Where frames for the host go (H4 transport or scripted host): one H4 frame a call, in the
    /// controller's own buffer, so the sink copies what it keeps and does not call back in.
    /// </summary>
    public H4Sink? SendToHost { get; set; }

    /// <summary>Sees every packet in both directions, for btsnoop capture.</summary>
    public H4Tap? Tap { get; set; }

    // ------------------------------------------------------------------ host side

    /// <summary>Bytes from the host's UART.</summary>
    public void FeedH4(ReadOnlySpan<byte> bytes) => _h4.Feed(bytes);

    /// <summary>The host stopped in the middle of a packet.</summary>
    public void AbandonPartialPacket() => _h4.Abandon();

    /// <summary>One packet from the host.</summary>
    public void Receive(HciPacket packet)
    {
        Tap?.Invoke(packet.ToH4(), false);
        switch (packet)
        {
            case HciCommand cmd:
                HciEvent? reply;
                try
                {
                    reply = Execute(cmd);
                }
                catch (InvalidParametersException e)
                {
                    _log($"controller {Index}: command 0x{cmd.Opcode:X4}: {e.Message}");
                    reply = AnswersWithStatus(cmd.Opcode) ? Events.CommandStatus(cmd.Opcode, Status.InvalidParameters)
                                                          : Events.CommandComplete(cmd.Opcode, Status.InvalidParameters);
                }
                if (reply != null)
                    SendEvent(reply, afterCommand: true);
                AfterCommand?.Invoke();
                AfterCommand = null;
                break;
            case HciAcl acl:
                if (!_connections.TryGetValue(acl.Handle, out var conn))
                {
                    _log($"controller {Index}: ACL for unknown handle {acl.Handle} dropped");
                    return;
                }
                conn.EnqueueAcl(acl);
                break;
            default:
                _log($"controller {Index}: {packet.Type} packet from host dropped");
                break;
        }
    }

    /// <summary>Work a command starts after its Command Status/Complete went out.</summary>
    private Action? AfterCommand { get; set; }

    /// <summary>Commands answered with Command Status; the rest get Command Complete.</summary>
    private static bool AnswersWithStatus(ushort op) => op is Op.Disconnect or Op.ReadRemoteVersionInformation or Op.LeCreateConnection
        or Op.LeConnectionUpdate or Op.LeReadRemoteFeatures or Op.LeEnableEncryption;

    /// <summary>
    /// Every command the controller knows, in one place. Returns the Command Complete or Command
    /// Status to send, or null (Host_Number_Of_Completed_Packets has none).
    /// </summary>
    private HciEvent? Execute(HciCommand cmd)
    {
        var op = cmd.Opcode;
        var p = new ParamReader(cmd.Parameters);
        HciEvent Ok() => Events.CommandComplete(op, Status.Success);
        HciEvent Fail(byte status) => Events.CommandComplete(op, status);
        HciEvent Done(ParamWriter w) => Events.CommandComplete(op, w.ToArray());
        ParamWriter Ret() => new ParamWriter().U8(Status.Success);

        switch (op)
        {
            // --- controller and baseband ---
            case Op.Reset:
                ResetState();
                return Ok();
            case Op.SetEventMask:
                _eventMask = p.U64();
                return Ok();
            case Op.SetEventMaskPage2:
                p.U64();
                return Ok();
            case Op.WriteLeHostSupport:
                return Ok();
            case Op.SetControllerToHostFlowControl:
                _hostFlowControl = (p.U8() & 1) != 0;
                _hostAclCredits = _hostAclTotal;
                return Ok();
            case Op.HostBufferSize:
                p.U16();
                p.U8();
                _hostAclTotal = _hostAclCredits = p.U16();
                return Ok();
            case Op.HostNumberOfCompletedPackets:
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
            case Op.ReadTransmitPowerLevel:
                {
                    var h = p.U16();
                    return Done(Ret().U16(h).U8(0));
                }
            case Op.ReadAuthenticatedPayloadTimeout:
                {
                    var h = p.U16();
                    return Done(Ret().U16(h).U16(3000));
                }
            case Op.WriteAuthenticatedPayloadTimeout:
                {
                    var h = p.U16();
                    return Done(Ret().U16(h));
                }

            // --- informational ---
            case Op.ReadLocalVersionInformation:
                return Done(Ret().U8(Options.HciVersion).U16(Options.Subversion).U8(Options.HciVersion).U16(Options.Manufacturer).U16(Options.Subversion));
            case Op.ReadLocalSupportedCommands:
                return Done(Ret().Bytes(SupportedCommands.Mask()));
            case Op.ReadLocalSupportedFeatures:
                // Byte 4: LE supported (bit 6), BR/EDR not supported (bit 5).
                return Done(Ret().U64(0x60UL << 32));
            case Op.ReadLocalExtendedFeatures:
                {
                    var page = p.U8();
                    return Done(Ret().U8(page).U8(0).U64(page == 0 ? 0x60UL << 32 : 0));
                }
            case Op.ReadBufferSize:
                return Done(Ret().U16(Options.AclDataLength).U8(0).U16(Options.AclBuffers).U16(0));
            case Op.ReadBdAddr:
                return Done(Ret().Addr(Options.PublicAddress));
            case Op.ReadRssi:
                {
                    var h = p.U16();
                    return _connections.ContainsKey(h) ? Done(Ret().U16(h).U8((byte)Options.Rssi))
                                                       : Done(new ParamWriter().U8(Status.UnknownConnectionId).U16(h).U8(0));
                }

            // --- LE: set-up ---
            case Op.LeSetEventMask:
                _leEventMask = p.U64();
                return Ok();
            case Op.LeReadBufferSize:
                return Done(Ret().U16(Options.AclDataLength).U8((byte)Options.AclBuffers));
            case Op.LeReadLocalSupportedFeatures:
                return Done(Ret().U64(LeFeatures));
            case Op.LeReadSupportedStates:
                return Done(Ret().U64(0x3FFFFFFFFFF));
            case Op.LeSetRandomAddress:
                {
                    var a = p.Addr();
                    if (Advertiser != null || Scanner != null || Initiator != null)
                        return Fail(Status.CommandDisallowed);
                    _randomAddress = a;
                    return Ok();
                }
            case Op.LeRand:
                {
                    var r = new byte[8];
                    _rng.NextBytes(r);
                    return Done(Ret().Bytes(r));
                }
            case Op.LeEncrypt:
                return Done(Ret().Bytes(Aes128(p.Bytes(16), p.Bytes(16))));
            case Op.LeReadFilterAcceptListSize:
                return Done(Ret().U8((byte)Options.FilterAcceptListSize));
            case Op.LeClearFilterAcceptList:
                _filterAcceptList.Clear();
                return Ok();
            case Op.LeAddDeviceToFilterAcceptList:
                {
                    var a = new DeviceAddress(p.U8(), p.Addr());
                    if (_filterAcceptList.Count >= Options.FilterAcceptListSize && !_filterAcceptList.Contains(a))
                        return Fail(Status.MemoryCapacityExceeded);
                    _filterAcceptList.Add(a);
                    return Ok();
                }
            case Op.LeRemoveDeviceFromFilterAcceptList:
                _filterAcceptList.Remove(new DeviceAddress(p.U8(), p.Addr()));
                return Ok();
            case Op.LeReadResolvingListSize:
                return Done(Ret().U8((byte)Options.ResolvingListSize));
            case Op.LeClearResolvingList:
                _resolvingList.Clear();
                return Ok();
            case Op.LeAddDeviceToResolvingList:
                {
                    var a = new DeviceAddress(p.U8(), p.Addr());
                    p.Bytes(32); // peer and local IRK: privacy is left to the host
                    if (_resolvingList.Count >= Options.ResolvingListSize && !_resolvingList.Contains(a))
                        return Fail(Status.MemoryCapacityExceeded);
                    _resolvingList.Add(a);
                    return Ok();
                }
            case Op.LeRemoveDeviceFromResolvingList:
                _resolvingList.Remove(new DeviceAddress(p.U8(), p.Addr()));
                return Ok();
            case Op.LeSetAddressResolutionEnable:
                p.U8();
                return Ok();
            case Op.LeSetResolvablePrivateAddressTimeout:
                p.U16();
                return Ok();
            case Op.LeSetPrivacyMode:
                p.U8();
                p.Addr();
                p.U8();
                return Ok();
            case Op.LeReadSuggestedDefaultDataLength:
                return Done(Ret().U16(_suggestedTxOctets).U16(Airtime.MaxTimeFieldUs(_suggestedTxOctets)));
            case Op.LeWriteSuggestedDefaultDataLength:
                {
                    var octets = p.U16();
                    p.U16();
                    if (octets is < 27 or > 251)
                        return Fail(Status.InvalidParameters);
                    _suggestedTxOctets = octets;
                    return Ok();
                }
            case Op.LeReadMaximumDataLength:
                return Done(Ret().U16(251).U16(Airtime.MaxTimeFieldUs(251)).U16(251).U16(Airtime.MaxTimeFieldUs(251)));
            case Op.LeSetDefaultPhy:
                p.U8();
                p.U8();
                p.U8();
                return Ok();
            case Op.LeSetHostChannelClassification:
                p.Bytes(5);
                return Ok();
            case Op.LeReadAdvertisingChannelTxPower:
                return Done(Ret().U8(0));

            // --- LE: advertising ---
            case Op.LeSetAdvertisingParameters:
                {
                    var prm = new AdvertisingParameters(p.U16(), p.U16(), p.U8(), p.U8(), new DeviceAddress(p.U8(), p.Addr()), p.U8(), p.U8());
                    if (Advertiser != null)
                        return Fail(Status.CommandDisallowed);
                    if (prm.Type > 4 || (prm.Type != 1 && (prm.IntervalMin < 0x20 || prm.IntervalMin > prm.IntervalMax)))
                        return Fail(Status.InvalidParameters);
                    _advParams = prm;
                    return Ok();
                }
            case Op.LeSetAdvertisingData:
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
            case Op.LeSetScanResponseData:
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
            case Op.LeSetAdvertisingEnable:
                {
                    var enable = p.U8();
                    if (enable == 0)
                    {
                        StopAdvertising();
                        return Ok();
                    }
                    if (Advertiser != null)
                        return Ok();
                    var own = OwnAddress(_advParams.OwnAddressType);
                    if (own == null)
                        return Fail(Status.InvalidParameters);
                    Advertiser = new Advertiser(this, _radio, _advParams, own, _advData, _scanRspData);
                    AfterCommand = Advertiser.Start;
                    return Ok();
                }

            // --- LE: scanning ---
            case Op.LeSetScanParameters:
                {
                    var prm = new ScanParameters(p.U8(), p.U16(), p.U16(), p.U8(), p.U8());
                    if (Scanner != null)
                        return Fail(Status.CommandDisallowed);
                    if (prm.Type > 1 || prm.Window > prm.Interval || prm.Interval < 4)
                        return Fail(Status.InvalidParameters);
                    _scanParams = prm;
                    return Ok();
                }
            case Op.LeSetScanEnable:
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
                    var own = OwnAddress(_scanParams.OwnAddressType);
                    if (own == null)
                        return Fail(Status.InvalidParameters);
                    Scanner = new Scanner(this, _radio, _scanParams, dup != 0, own);
                    return Ok();
                }

            // --- LE: connections ---
            case Op.LeCreateConnection:
                {
                    var prm = new ConnectParameters(p.U16(), p.U16(), p.U8(), new DeviceAddress(p.U8(), p.Addr()), p.U8(), p.U16(), p.U16(), p.U16(), p.U16());
                    p.U16();
                    p.U16();
                    if (Initiator != null)
                        return Events.CommandStatus(op, Status.CommandDisallowed);
                    if (prm.IntervalMin < 6 || prm.IntervalMin > prm.IntervalMax || prm.Timeout < 10 || prm.ScanWindow > prm.ScanInterval)
                        return Events.CommandStatus(op, Status.InvalidParameters);
                    var own = OwnAddress(prm.OwnAddressType);
                    if (own == null)
                        return Events.CommandStatus(op, Status.InvalidParameters);
                    Initiator = new Initiator(this, _radio, prm, own);
                    return Events.CommandStatus(op, Status.Success);
                }
            case Op.LeCreateConnectionCancel:
                {
                    if (Initiator == null)
                        return Fail(Status.CommandDisallowed);
                    Initiator = null;
                    AfterCommand = () => SendConnectionComplete(Status.UnknownConnectionId, 0, ConnectionRole.Central,
                        new DeviceAddress(0, BdAddr.Zero), 0, 0, 0);
                    return Ok();
                }
            case Op.Disconnect:
                {
                    var h = p.U16();
                    var reason = p.U8();
                    if (!_connections.TryGetValue(h, out var c))
                        return Events.CommandStatus(op, Status.UnknownConnectionId);
                    c.Enqueue(new DataPdu(Llid.Control, [], new TerminateInd(reason)));
                    return Events.CommandStatus(op, Status.Success);
                }
            case Op.LeConnectionUpdate:
                {
                    var h = p.U16();
                    var min = p.U16();
                    var max = p.U16();
                    var latency = p.U16();
                    var timeout = p.U16();
                    p.U16();
                    p.U16();
                    if (!_connections.TryGetValue(h, out var c))
                        return Events.CommandStatus(op, Status.UnknownConnectionId);
                    if (min < 6 || min > max || timeout < 10)
                        return Events.CommandStatus(op, Status.InvalidParameters);
                    if (c.Role == ConnectionRole.Central)
                        c.Link.RequestUpdate(min, latency, timeout);
                    else // no Connection Parameters Request procedure: the host falls back to L2CAP signalling
                        AfterCommand = () => SendLeEvent(Events.LeConnectionUpdateComplete(Status.UnsupportedRemoteFeature, h, c.Link.Interval, c.Link.Latency, c.Link.Timeout));
                    return Events.CommandStatus(op, Status.Success);
                }
            case Op.LeReadRemoteFeatures:
                {
                    var h = p.U16();
                    if (!_connections.TryGetValue(h, out var c))
                        return Events.CommandStatus(op, Status.UnknownConnectionId);
                    c.ExchangeFeatures();
                    return Events.CommandStatus(op, Status.Success);
                }
            case Op.ReadRemoteVersionInformation:
                {
                    var h = p.U16();
                    if (!_connections.TryGetValue(h, out var c))
                        return Events.CommandStatus(op, Status.UnknownConnectionId);
                    c.ExchangeVersion();
                    return Events.CommandStatus(op, Status.Success);
                }
            case Op.LeSetDataLength:
                {
                    var h = p.U16();
                    var octets = p.U16();
                    p.U16();
                    if (!_connections.TryGetValue(h, out var c))
                        return Done(new ParamWriter().U8(Status.UnknownConnectionId).U16(h));
                    c.RequestDataLength(octets);
                    return Done(Ret().U16(h));
                }
            case Op.LeReadPhy:
                {
                    var h = p.U16();
                    return _connections.ContainsKey(h) ? Done(Ret().U16(h).U8(1).U8(1))
                                                       : Done(new ParamWriter().U8(Status.UnknownConnectionId).U16(h).U8(0).U8(0));
                }
            case Op.LeReadChannelMap:
                {
                    var h = p.U16();
                    return _connections.ContainsKey(h) ? Done(Ret().U16(h).Bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]))
                                                       : Done(new ParamWriter().U8(Status.UnknownConnectionId).U16(h).Bytes(new byte[5]));
                }

            // --- LE: encryption ---
            case Op.LeEnableEncryption:
                {
                    var h = p.U16();
                    var rand = p.U64();
                    var ediv = p.U16();
                    var ltk = p.Bytes(16);
                    if (!_connections.TryGetValue(h, out var c))
                        return Events.CommandStatus(op, Status.UnknownConnectionId);
                    if (c.Role != ConnectionRole.Central)
                        return Events.CommandStatus(op, Status.CommandDisallowed);
                    c.StartEncryption(ltk, rand, ediv);
                    return Events.CommandStatus(op, Status.Success);
                }
            case Op.LeLongTermKeyRequestReply:
                {
                    var h = p.U16();
                    var ltk = p.Bytes(16);
                    if (!_connections.TryGetValue(h, out var c))
                        return Done(new ParamWriter().U8(Status.UnknownConnectionId).U16(h));
                    return c.AnswerLtkRequest(ltk) ? Done(Ret().U16(h)) : Done(new ParamWriter().U8(Status.CommandDisallowed).U16(h));
                }
            case Op.LeLongTermKeyRequestNegativeReply:
                {
                    var h = p.U16();
                    if (!_connections.TryGetValue(h, out var c))
                        return Done(new ParamWriter().U8(Status.UnknownConnectionId).U16(h));
                    return c.AnswerLtkRequest(null) ? Done(Ret().U16(h)) : Done(new ParamWriter().U8(Status.CommandDisallowed).U16(h));
                }

            // --- vendor ---
            case Op.ZephyrReadStaticAddresses:
                // One static address and a zero identity root, as a Zephyr controller answers.
                return Done(Ret().U8(1).Addr(Options.StaticAddress).Bytes(new byte[16]));

            default:
                _log($"controller {Index}: unknown command 0x{op:X4}");
                return Fail(Status.UnknownCommand);
        }
    }

    // ------------------------------------------------------------------ state

    private void ResetState()
    {
        StopAdvertising();
        Scanner = null;
        Initiator = null;
        foreach (var c in _connections.Values.ToList())
            c.Link.Drop(); // the peer is not told: it will time out
        _connections.Clear();
        _toHost.Clear();
        _completed.Clear();
        _drainTimer.Cancel();
        _completedTimer.Cancel();
        _filterAcceptList.Clear();
        _resolvingList.Clear();
        _eventMask = DefaultEventMask;
        _leEventMask = DefaultLeEventMask;
        _randomAddress = null;
        _advParams = AdvertisingParameters.Default;
        _advData = [];
        _scanRspData = [];
        _scanParams = ScanParameters.Default;
        _suggestedTxOctets = 27;
        _hostFlowControl = false;
        _hostAclCredits = _hostAclTotal = 0;
    }

    /// <summary>
    /// Fault injection: the controller restarts by itself. Its links vanish (peers time out) and
    /// the host is told with a Hardware Error event.
    /// </summary>
    public void HardwareReset()
    {
        ResetState();
        SendEvent(Events.HardwareError(0x01));
    }

    /// <summary>The host went away: forget everything, as the next host starts with HCI_Reset anyway.</summary>
    public void Detach() => ResetState();

    private void StopAdvertising()
    {
        Advertiser?.Stop();
        Advertiser = null;
    }

    private DeviceAddress? OwnAddress(byte ownAddressType) => ownAddressType switch
    {
        0 or 2 => new DeviceAddress(0, Options.PublicAddress),
        1 or 3 => _randomAddress is { } r ? new DeviceAddress(1, r) : null,
        _ => null,
    };

    internal bool IsOwnAddress(DeviceAddress a) =>
        (a.Type == 0 && a.Addr.Equals(Options.PublicAddress)) || (a.Type == 1 && a.Addr.Equals(_randomAddress));

    internal bool InFilterAcceptList(DeviceAddress a) => _filterAcceptList.Contains(a);

    internal VersionInd VersionPdu(bool isReply) => new(Options.HciVersion, Options.Manufacturer, Options.Subversion, isReply);

    /// <summary>AES-128 as LE_Encrypt defines it: key and data least significant byte first.</summary>
    public static byte[] Aes128(byte[] keyLsbFirst, byte[] plainLsbFirst)
    {
        using var aes = Aes.Create();
        aes.Key = keyLsbFirst.Reverse().ToArray();
        var enc = aes.EncryptEcb(plainLsbFirst.Reverse().ToArray(), PaddingMode.None);
        Array.Reverse(enc);
        return enc;
    }

    // ------------------------------------------------------------------ link layer callbacks

    internal void ReportAdvertisement(AdvertisingPdu pdu)
    {
        if (!LeEventEnabled(LeSubevent.AdvertisingReport))
            return;
        var frame = _toHost.Append(H4Type.Event, Events.LeAdvertisingReportH4Length(pdu.Data.Length));
        Events.LeAdvertisingReport(frame, pdu.ReportEventType, pdu.Advertiser, pdu.Data, Options.Rssi);
        Drain();
    }

    internal void OnConnected(Connection c, Advertiser from)
    {
        StopAdvertising();
        AddConnection(c);
    }

    internal void OnConnected(Connection c, Initiator from)
    {
        Initiator = null;
        AddConnection(c);
    }

    private void AddConnection(Connection c)
    {
        ushort h = 0;
        while (_connections.ContainsKey(h))
            h++;
        c.Handle = h;
        c.SuggestedTxOctets = _suggestedTxOctets;
        _connections[h] = c;
        // Like real controllers, start the data length update on our own when the host's
        // suggested default asks for more than 27 octets.
        if (_suggestedTxOctets > 27)
            c.RequestDataLength(_suggestedTxOctets);
    }

    /// <summary>CONNECT_IND has ended: the host hears of the connection, unless a reset took it away meanwhile.</summary>
    internal void OnCreated(Connection c)
    {
        if (_connections.TryGetValue(c.Handle, out var known) && ReferenceEquals(known, c))
            SendConnectionComplete(Status.Success, c.Handle, c.Role, c.Peer, c.Link.Interval, c.Link.Latency, c.Link.Timeout);
    }

    private void SendConnectionComplete(byte status, ushort handle, ConnectionRole role, DeviceAddress peer, ushort interval, ushort latency, ushort timeout)
    {
        if (LeEventEnabled(LeSubevent.EnhancedConnectionComplete))
            SendLeEvent(Events.LeEnhancedConnectionComplete(status, handle, (byte)role, peer, interval, latency, timeout));
        else
            SendLeEvent(Events.LeConnectionComplete(status, handle, (byte)role, peer, interval, latency, timeout));
    }

    internal void OnDisconnected(Connection c, byte reason)
    {
        if (!_connections.TryGetValue(c.Handle, out var known) || !ReferenceEquals(known, c))
            return; // this end was already forgotten (reset)
        _connections.Remove(c.Handle);
        FlushCompleted();
        SendEvent(Events.DisconnectionComplete(c.Handle, reason));
    }

    internal void OnConnectionUpdated(Connection c) =>
        SendLeEvent(Events.LeConnectionUpdateComplete(Status.Success, c.Handle, c.Link.Interval, c.Link.Latency, c.Link.Timeout));

    internal void RequestLtk(Connection c, ulong rand, ushort ediv)
    {
        if (LeEventEnabled(LeSubevent.LongTermKeyRequest))
            SendLeEvent(Events.LeLongTermKeyRequest(c.Handle, rand, ediv));
        else
            c.AnswerLtkRequest(null);
    }

    internal void OnEncrypted(Connection c, bool refresh) =>
        SendEvent(refresh ? Events.EncryptionKeyRefreshComplete(Status.Success, c.Handle) : Events.EncryptionChange(Status.Success, c.Handle, true));

    internal void OnEncryptionFailed(Connection c, byte status) => SendEvent(Events.EncryptionChange(status, c.Handle, false));

    internal void OnRemoteFeatures(Connection c, ulong features) =>
        SendLeEvent(Events.LeReadRemoteFeaturesComplete(Status.Success, c.Handle, features));

    internal void OnRemoteVersion(Connection c, VersionInd v) =>
        SendEvent(Events.ReadRemoteVersionComplete(c.Handle, v.Version, v.Company, v.Subversion));

    internal void OnDataLengthChanged(Connection c) =>
        SendLeEvent(Events.LeDataLengthChange(c.Handle, c.MaxTxOctets, c.MaxRxOctets));

    /// <summary>A PDU's payload for the host, framed straight into the queue.</summary>
    internal void DeliverAcl(Connection c, byte pb, ReadOnlySpan<byte> data)
    {
        HciAcl.WriteH4(_toHost.Append(H4Type.Acl, HciAcl.H4Bytes(data.Length)), c.Handle, pb, 0, data);
        Drain();
    }

    /// <summary>A host ACL packet left the controller (all its PDUs acknowledged): counted for a coalesced Number_Of_Completed_Packets.</summary>
    internal void OnHostPacketSent(Connection c)
    {
        _completed[c.Handle] = _completed.GetValueOrDefault(c.Handle) + 1;
        if (!_completedTimer.Pending)
            _completedTimer.After(1000);
    }

    private void FlushCompleted()
    {
        _completedTimer.Cancel();
        if (_completed.Count == 0)
            return;
        // 16 handles fill the 68-byte limit (1 + 16 × 4 = 65).
        foreach (var chunk in _completed.Select(kv => (kv.Key, kv.Value)).Chunk(16))
            SendEvent(Events.NumberOfCompletedPackets(chunk));
        _completed.Clear();
    }

    // ------------------------------------------------------------------ towards the host

    private bool EventEnabled(int bit) => (_eventMask & (1UL << bit)) != 0;
    private bool LeEventEnabled(byte subevent) => EventEnabled(61) && (_leEventMask & (1UL << (subevent - 1))) != 0;

    private void SendLeEvent(HciEvent e)
    {
        if (LeEventEnabled(e.Subevent))
            Enqueue(e);
    }

    private void SendEvent(HciEvent e, bool afterCommand = false)
    {
        var allowed = e.Code switch
        {
            EventCode.DisconnectionComplete => EventEnabled(4),
            EventCode.EncryptionChange => EventEnabled(7),
            EventCode.ReadRemoteVersionInformationComplete => EventEnabled(11),
            EventCode.HardwareError => EventEnabled(15),
            EventCode.DataBufferOverflow => EventEnabled(25),
            EventCode.EncryptionKeyRefreshComplete => EventEnabled(47),
            EventCode.LeMeta => LeEventEnabled(e.Subevent),
            _ => true,
        };
        if (!allowed)
            return;
        if (afterCommand)
        {
            // Command answers overtake queued ACL: a host waiting on its command must not wait for data pacing.
            Span<byte> frame = stackalloc byte[e.H4Length];
            e.WriteH4(frame);
            Emit(frame);
            return;
        }
        Enqueue(e);
    }

    private void Enqueue(HciEvent e)
    {
        e.WriteH4(_toHost.Append(H4Type.Event, e.H4Length));
        Drain();
    }

    /// <summary>Sends queued packets in order; ACL waits for the per-millisecond budget and the host's flow-control credits.</summary>
    private void Drain()
    {
        while (!_toHost.IsEmpty)
        {
            var next = _toHost.Peek();
            if (next[0] == (byte)H4Type.Acl)
            {
                var ms = _radio.Clock.NowUs / 1000;
                if (ms != _aclWindowMs)
                {
                    _aclWindowMs = ms;
                    _aclInWindow = 0;
                }
                if (_aclInWindow >= Options.HostAclPerMs)
                {
                    if (!_drainTimer.Pending)
                        _drainTimer.At((ms + 1) * 1000);
                    return;
                }
                if (_hostFlowControl && _hostAclTotal > 0)
                {
                    if (_hostAclCredits <= 0)
                        return; // resumes on Host_Number_Of_Completed_Packets
                    _hostAclCredits--;
                }
                _aclInWindow++;
            }
            _toHost.Dequeue();
            Emit(next); // still in the buffer: nothing is appended before the sink returns
        }
    }

    private void Emit(ReadOnlySpan<byte> frame)
    {
        // A longer event would overrun NimBLE's event buffer: that is a bug here, never input.
        if (frame[0] == (byte)H4Type.Event && frame[2] > Events.MaxParameterBytes)
            throw new InvalidOperationException($"event 0x{frame[1]:X2} has {frame[2]} parameter bytes; hosts take at most {Events.MaxParameterBytes}");
        Tap?.Invoke(frame, true);
        SendToHost?.Invoke(frame);
    }
}
