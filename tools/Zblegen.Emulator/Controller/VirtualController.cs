using System.Security.Cryptography;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Controller;

/// <summary>
/// A virtual LE controller: takes HCI from one host, answers each command through its entry in
/// <see cref="Commands"/>, and drives the link-layer roles (advertiser, scanner, initiator,
/// connections) on the shared <see cref="Radio"/>. Events towards the host respect NimBLE's
/// limits (68 parameter bytes, one report per event), the event masks, and ACL pacing.
/// Single-threaded: whoever drives the clock also feeds the host's bytes.
/// </summary>
public sealed partial class VirtualController
{
    private const ulong DefaultEventMask = 0x00001FFFFFFFFFFF;
    private const ulong DefaultLeEventMask = 0x1F;
    private const ulong EventMaskPage2EncryptionChangeV2 = 1UL << 25;
    private const ulong LeFeatureEncryption = 1 << 0;
    private const ulong LeFeatureDataLengthExtension = 1 << 5;
    private const ulong LeFeatureLlPrivacy = 1 << 6;
    private const ulong LeFeatureLe2MPhy = 1 << 8;

    private readonly Radio _radio;
    private readonly Action<string> _log;
    private readonly H4Reader _h4;
    private readonly Random _rng;
    private readonly Dictionary<ushort, Connection> _connections = [];
    private readonly H4FrameQueue _toHost = new();
    private readonly Dictionary<ushort, int> _completed = [];
    private readonly HashSet<DeviceAddress> _filterAcceptList = [];
    private readonly ResolvingList _resolvingList;
    private readonly Random _privacyRng;          // apart from _rng, so RPAs do not change LE_Rand's answers
    private readonly ClockTimer _rpaTimer;        // LE Set Resolvable Private Address Timeout

    private ulong _eventMask;
    private ulong _eventMaskPage2;
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
    private BdAddr _publicAddress;
    // slow-answers: command answers waiting for their time, in command order; everything else towards the host waits behind them.
    private readonly Queue<PendingAnswer> _answers = new();
    private readonly ClockTimer _answerTimer;
    private readonly H4Fragmenter? _fragmenter;   // fragmented-h4
    private readonly ClockTimer? _unaskedTimer;   // vendor-events
    private readonly Random? _quirkRng;           // apart from _rng, so a quirk does not change LE_Rand's answers

    private readonly record struct PendingAnswer(long DueUs, HciEvent? Answer, Action? After);

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
        _answerTimer = radio.Clock.Timer(SendDueAnswers);
        _resolvingList = new ResolvingList(options.ResolvingListSize);
        _privacyRng = new Random(radio.Options.Seed * 15_485_863 + index);
        _rpaTimer = radio.Clock.Timer(RotateRpas);
        _publicAddress = options.Quirks.Has(Quirk.NoPublicAddress) ? BdAddr.Zero : options.PublicAddress;
        if (options.Quirks.Kinds != Quirk.None)
            _quirkRng = new Random(radio.Options.Seed * 104_729 + index);
        if (options.Quirks.Has(Quirk.FragmentedH4))
            _fragmenter = new H4Fragmenter(radio.Clock, _quirkRng!, bytes => SendToHost?.Invoke(bytes));
        if (options.Quirks.Has(Quirk.VendorEvents))
        {
            _unaskedTimer = radio.Clock.Timer(SendUnaskedEvent);
            _unaskedTimer.After(UnaskedGapUs());
        }
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
    public ulong LeFeatures => LeFeatureEncryption | LeFeatureDataLengthExtension | (Has(Capability.LlPrivacy) ? LeFeatureLlPrivacy : 0)
                               | (Le2MPhy ? LeFeatureLe2MPhy : 0);
    /// <summary>The resolving list and whether address resolution is on.</summary>
    public ResolvingList ResolvingList => _resolvingList;
    public ControllerQuirks Quirks => Options.Quirks;
    /// <summary>Lists LE 2M PHY: by option, or because a PHY quirk needs it listed.</summary>
    public bool Le2MPhy => Options.Le2MPhy || Options.Quirks.ListsLe2MPhy;
    /// <summary>The PHYs this controller can use, as LL_PHY_REQ/RSP carry them.</summary>
    internal byte PhyMask => Le2MPhy ? (byte)0b11 : (byte)0b01;
    /// <summary>What Read BD_ADDR answers and own address type public means.</summary>
    public BdAddr PublicAddress => _publicAddress;

    internal bool Has(Capability c) => c switch
    {
        Capability.Le2MPhy => Le2MPhy,
        Capability.LlPrivacy => !Options.Quirks.Has(Quirk.NoLlPrivacy),
        _ => true,
    };
    internal bool HasRoomTowardsHost => _toHost.AclCount < Options.HostAclQueue;

    /// <summary>
    /// Where frames for the host go (H4 transport or scripted host): one H4 frame a call, in the
    /// controller's own buffer, so the sink copies what it keeps and does not call back in. With
    /// the fragmented-h4 quirk a call carries any piece of the H4 stream instead.
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
                var reply = Execute(cmd);
                var after = AfterCommand;
                AfterCommand = null;
                if (Quirks.Has(Quirk.SlowAnswers) && (reply != null || after != null))
                {
                    // The command takes effect now; only its answer, and what follows it, are late.
                    _answers.Enqueue(new PendingAnswer(_radio.Clock.NowUs + Quirks.SlowAnswersMs * 1000L, reply, after));
                    if (!_answerTimer.Pending)
                        _answerTimer.At(_answers.Peek().DueUs);
                    break;
                }
                if (reply != null)
                    SendEvent(reply, afterCommand: true);
                after?.Invoke();
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

    /// <summary>
    /// Runs a command through its entry in <see cref="Commands"/>. Returns the Command Complete or
    /// Command Status to send, or null (Host_Number_Of_Completed_Packets has none).
    /// </summary>
    private HciEvent? Execute(HciCommand cmd)
    {
        if (!Commands.TryGet(cmd.Opcode, out var command) || !Has(command.Needs))
        {
            _log($"controller {Index}: unknown command 0x{cmd.Opcode:X4}");
            return Events.CommandComplete(cmd.Opcode, Status.UnknownCommand);
        }
        switch (Quirks.AnswerTo(cmd.Opcode))
        {
            case QuirkAnswer.Never:
                _log($"controller {Index}: command 0x{cmd.Opcode:X4} left unanswered (quirk)");
                return null;
            case QuirkAnswer.UnknownCommand:
                return command.AnswerWith([Status.UnknownCommand]);
        }
        ParamWriter? returned;
        try
        {
            var p = new ParamReader(cmd.Parameters);
            returned = command.Handler(this, ref p);
        }
        catch (InvalidParametersException e)
        {
            _log($"controller {Index}: command 0x{cmd.Opcode:X4}: {e.Message}");
            returned = Fail(Status.InvalidParameters);
        }
        return returned == null ? null : command.AnswerWith(returned.ToArray());
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
        _answers.Clear();
        _answerTimer.Cancel();
        _filterAcceptList.Clear();
        _resolvingList.Reset();
        _rpaTimer.Cancel();
        _eventMask = DefaultEventMask;
        _eventMaskPage2 = 0;
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
        LoseWhatResetLoses();
        SendEvent(Events.HardwareError(0x01));
    }

    /// <summary>
    /// reset-loses-state: a reset also drops the public address, as a controller whose address the host's
    /// start-up installed (vendor command, firmware download) rather than one read from fuses.
    /// </summary>
    private void LoseWhatResetLoses()
    {
        if (Quirks.Has(Quirk.ResetLosesState))
            _publicAddress = BdAddr.Zero;
    }

    /// <summary>The host went away: forget everything, as the next host starts with HCI_Reset anyway.</summary>
    public void Detach()
    {
        ResetState();
        _fragmenter?.Clear();
    }

    private void StopAdvertising()
    {
        Advertiser?.Stop();
        Advertiser = null;
    }

    /// <summary>
    /// The address a role uses on air. Types 2 and 3 take the RPA of the resolving list entry of
    /// <paramref name="peer"/> when resolution is enabled and the entry has a local IRK, else the public
    /// (2) or random (3) address, as Vol 4 Part E §7.8.5 has it. Null when a random address is needed and none is set.
    /// </summary>
    internal LocalAddress? OwnAddress(byte ownAddressType, DeviceAddress? peer)
    {
        if (ownAddressType is 2 or 3 && _resolvingList.Enabled && peer != null
            && _resolvingList.Find(new DeviceAddress((byte)(peer.Type & 1), peer.Addr)) is { LocalRpa: { } rpa })
            return new LocalAddress(new DeviceAddress(1, rpa), Resolvable: true);
        return ownAddressType switch
        {
            0 or 2 => new LocalAddress(new DeviceAddress(0, _publicAddress), false),
            1 or 3 => _randomAddress is { } r ? new LocalAddress(new DeviceAddress(1, r), false) : null,
            _ => null,
        };
    }

    internal bool IsOwnAddress(DeviceAddress a) =>
        (a.Type == 0 && a.Addr.Equals(_publicAddress)) || (a.Type == 1 && a.Addr.Equals(_randomAddress)) || _resolvingList.IsLocal(a);

    /// <summary>An address heard on air as this link layer reports it, or null when privacy says to ignore it.</summary>
    internal SeenAddress? Identify(DeviceAddress onAir) => _resolvingList.Identify(onAir);

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

    internal void ReportAdvertisement(AdvertisingPdu pdu, DeviceAddress reported)
    {
        if (!LeEventEnabled(LeSubevent.AdvertisingReport))
            return;
        var frame = _toHost.Append(H4Type.Event, Events.LeAdvertisingReportH4Length(pdu.Data.Length));
        Events.LeAdvertisingReport(frame, pdu.ReportEventType, reported, pdu.Data, Options.Rssi);
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
            SendConnectionComplete(Status.Success, c.Handle, c.Role, c.Peer, c.LocalRpa, c.Link.Interval, c.Link.Latency, c.Link.Timeout);
    }

    /// <summary>
    /// Enhanced Connection Complete carries the identity (type 2 or 3 when it came as an RPA) and both
    /// RPAs; the legacy event has only types 0 and 1, so a resolved peer is its identity's type there, as
    /// NimBLE's controller (ble_ll_conn_hci.c) reports it.
    /// </summary>
    private void SendConnectionComplete(byte status, ushort handle, ConnectionRole role, SeenAddress peer, BdAddr? localRpa, ushort interval, ushort latency, ushort timeout)
    {
        if (LeEventEnabled(LeSubevent.EnhancedConnectionComplete))
            SendLeEvent(Events.LeEnhancedConnectionComplete(status, handle, (byte)role, peer.Reported, localRpa ?? BdAddr.Zero, peer.Rpa ?? BdAddr.Zero, interval, latency, timeout));
        else
            SendLeEvent(Events.LeConnectionComplete(status, handle, (byte)role, peer.Identity, interval, latency, timeout));
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
        SendEvent(refresh ? Events.EncryptionKeyRefreshComplete(Status.Success, c.Handle) : EncryptionChange(Status.Success, c.Handle, true));

    /// <summary>
    /// The peripheral refused (no key): Encryption Change with its status and encryption off, also after a pause,
    /// as Zephyr's controller reports a rejected start (hci.c, encrypt_change on LL_REJECT_IND).
    /// </summary>
    internal void OnEncryptionFailed(Connection c, byte status) => SendEvent(EncryptionChange(status, c.Handle, false));

    /// <summary>Encryption Change [v2] (with the key size) when the host unmasked it on page 2 (bit 25), else [v1].</summary>
    private HciEvent EncryptionChange(byte status, ushort handle, bool enabled) =>
        (_eventMaskPage2 & EventMaskPage2EncryptionChangeV2) != 0
            ? Events.EncryptionChangeV2(status, handle, enabled, keySize: 16)
            : Events.EncryptionChange(status, handle, enabled);

    internal void OnRemoteFeatures(Connection c, ulong features) =>
        SendLeEvent(Events.LeReadRemoteFeaturesComplete(Status.Success, c.Handle, features));

    internal void OnRemoteVersion(Connection c, VersionInd v) =>
        SendEvent(Events.ReadRemoteVersionComplete(c.Handle, v.Version, v.Company, v.Subversion));

    internal void OnPhyUpdated(Connection c) =>
        SendLeEvent(Events.LePhyUpdateComplete(Status.Success, c.Handle, c.Link.Phy, c.Link.Phy));

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
            EventCode.EncryptionChangeV2 => (_eventMaskPage2 & EventMaskPage2EncryptionChangeV2) != 0,
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
        if (_answers.Count > 0)
            return; // slow-answers: what follows a command waits for its answer
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

    /// <summary>Bytes towards the host, past the capture: whole frames go through <see cref="Emit"/>, which records them first.</summary>
    private void SendRaw(ReadOnlySpan<byte> bytes)
    {
        if (_fragmenter != null)
            _fragmenter.Push(bytes);
        else
            SendToHost?.Invoke(bytes);
    }

    private void Emit(ReadOnlySpan<byte> frame)
    {
        // A longer event would overrun NimBLE's event buffer: that is a bug here, never input.
        if (frame[0] == (byte)H4Type.Event && frame[2] > Events.MaxParameterBytes)
            throw new InvalidOperationException($"event 0x{frame[1]:X2} has {frame[2]} parameter bytes; hosts take at most {Events.MaxParameterBytes}");
        Tap?.Invoke(frame, true);
        SendRaw(frame);
    }

    // ------------------------------------------------------------------ quirks' own timers

    /// <summary>slow-answers: the answers whose time has come, each with the work it starts, then what waited behind them.</summary>
    private void SendDueAnswers()
    {
        while (_answers.TryPeek(out var a) && a.DueUs <= _radio.Clock.NowUs)
        {
            _answers.Dequeue();
            if (a.Answer != null)
                SendEvent(a.Answer, afterCommand: true);
            a.After?.Invoke();
        }
        if (_answers.TryPeek(out var next))
            _answerTimer.At(next.DueUs);
        else
            Drain();
    }

    /// <summary>vendor-events: every 100 to 500 ms.</summary>
    private long UnaskedGapUs() => _quirkRng!.Next(100_000, 500_001);

    /// <summary>
    /// vendor-events: a vendor-specific event, and with a connection up an LE event its host left
    /// masked, with true content, as controllers that filter late or not at all send them.
    /// Straight into the queue: the masks are what this quirk ignores.
    /// </summary>
    private void SendUnaskedEvent()
    {
        _unaskedTimer!.After(UnaskedGapUs());
        // Subevent 0xF0: no Zephyr or Bluetooth-defined meaning, as a chip's own diagnostics would have.
        Span<byte> vendor = stackalloc byte[1 + _quirkRng!.Next(0, 8)];
        _quirkRng.NextBytes(vendor);
        vendor[0] = 0xF0;
        Enqueue(Events.VendorSpecific(vendor));
        if (_connections.Values.FirstOrDefault() is not { } c)
            return;
        HciEvent? masked = null;
        if (!LeEventEnabled(LeSubevent.ChannelSelectionAlgorithm))
            masked = Events.LeChannelSelectionAlgorithm(c.Handle, 0);
        else if (!LeEventEnabled(LeSubevent.DataLengthChange))
            masked = Events.LeDataLengthChange(c.Handle, c.MaxTxOctets, c.MaxRxOctets);
        else if (!LeEventEnabled(LeSubevent.PhyUpdateComplete))
            masked = Events.LePhyUpdateComplete(Status.Success, c.Handle, c.Link.Phy, c.Link.Phy);
        if (masked != null)
            Enqueue(masked);
    }
}
