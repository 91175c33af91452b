using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

public enum ConnectionRole : byte { Central = 0, Peripheral = 1 }

/// <summary>
/// One end of a <see cref="Link"/>, owned by one controller: its transmit queue of LL PDUs
/// (fragments of the host's ACL packets and control PDUs), its sequence/acknowledgement state,
/// and the control procedures it runs (feature and version exchange, data length, PHY; encryption in
/// Connection.Encryption.cs).
/// </summary>
public sealed partial class Connection
{
    /// <summary>
    /// A PDU in the transmit queue and the earliest time it can be on air. What the LL builds on receiving a PDU
    /// (a response, the next step of a procedure) is ready only after the packet that follows that reception by
    /// T_IFS: no controller prepares an answer in 150 µs.
    /// </summary>
    private readonly record struct Queued(DataPdu Pdu, long ReadyUs);

    private readonly Queue<Queued> _tx = new();
    // Locally initiated control procedures run one at a time (Core spec Vol 6 Part B 5.1); the rest wait here,
    // each built when it starts (a connection update's instant counts from then).
    private readonly Queue<Func<ControlPdu>> _waitingProcedures = new();
    private long _readyFloorUs = long.MinValue; // while a received PDU is processed: when its consequences are ready
    private bool _hostAskedPhy;           // LE Set PHY: the host hears of the outcome even without a change
    private byte _phyTx = 0b11, _phyRx = 0b11; // what our host last asked for

    internal Connection(Controller.VirtualController owner, Link link, ConnectionRole role, Controller.SeenAddress peer, Controller.LocalAddress own, long nowUs)
    {
        Owner = owner;
        Link = link;
        Role = role;
        Peer = peer;
        Own = own;
        LastRxUs = nowUs;
    }

    public Controller.VirtualController Owner { get; }
    public Link Link { get; }
    public ConnectionRole Role { get; }
    /// <summary>The host asked for the link to end; LL_TERMINATE_IND is queued or sent.</summary>
    internal bool Terminating { get; set; }
    /// <summary>The peer as this end's host hears of it: its identity when its RPA was resolved, and that RPA.</summary>
    public Controller.SeenAddress Peer { get; }
    /// <summary>This end's address on air, and whether it is an RPA of the resolving list.</summary>
    public Controller.LocalAddress Own { get; }
    public BdAddr? LocalRpa => Own.Rpa;
    public ushort Handle { get; internal set; }
    public long LastRxUs { get; private set; }
    /// <summary>Largest payload this end sends in one PDU (27 until a data length update).</summary>
    public int MaxTxOctets { get; private set; } = 27;
    public int MaxRxOctets { get; private set; } = 27;
    internal int SuggestedTxOctets { get; set; } = 27;

    /// <summary>PDUs of ours the peer acknowledged: the sequence number of the head of the queue.</summary>
    public long TxAcked { get; private set; }
    /// <summary>Payload PDUs accepted from the peer.</summary>
    public long RxCount { get; private set; }
    /// <summary>The control procedure this end started and awaits the peer's answer to, or null.</summary>
    public ControlPdu? Procedure { get; private set; }

    /// <summary>The PDU to send in a slot at <paramref name="atUs"/> (null: an empty PDU), and the MD bit it carries.</summary>
    internal (DataPdu? Pdu, bool MoreData) NextTx(long atUs)
    {
        var e = _tx.GetEnumerator();
        if (!e.MoveNext() || e.Current.ReadyUs > atUs)
            return (null, false);
        var head = e.Current.Pdu;
        return (head, e.MoveNext() && e.Current.ReadyUs <= atUs);
    }

    internal void Enqueue(DataPdu pdu) => _tx.Enqueue(new Queued(pdu, Math.Max(Link.NowUs, _readyFloorUs)));

    /// <summary>Starts a procedure of ours now, or when the one in progress ends.</summary>
    internal void StartProcedure(Func<ControlPdu> request)
    {
        if (Procedure != null)
        {
            _waitingProcedures.Enqueue(request);
            return;
        }
        Procedure = request();
        Enqueue(new DataPdu(Llid.Control, [], Procedure));
    }

    /// <summary>The procedure in progress goes on with its next request (the encryption pause becomes the start).</summary>
    private void SwitchProcedure(ControlPdu next)
    {
        Procedure = next;
        Enqueue(new DataPdu(Llid.Control, [], next));
    }

    internal void EndProcedure()
    {
        Procedure = null;
        if (_waitingProcedures.TryDequeue(out var next))
            StartProcedure(next);
    }

    /// <summary>Splits one host ACL packet into PDUs of at most the current data length; held while encryption starts.</summary>
    internal void EnqueueAcl(HciAcl acl)
    {
        var first = acl.Pb != HciAcl.PbContinuation;
        var data = acl.Data;
        if (data.Length == 0)
        {
            EnqueueData(new DataPdu(first ? Llid.Start : Llid.Continuation, [], EndsHostPacket: true));
            return;
        }
        for (var off = 0; off < data.Length; off += MaxTxOctets)
        {
            var n = Math.Min(MaxTxOctets, data.Length - off);
            EnqueueData(new DataPdu(off == 0 && first ? Llid.Start : Llid.Continuation, data[off..(off + n)], EndsHostPacket: off + n == data.Length));
        }
    }

    /// <summary>
    /// A packet from the peer arrived, ending at <paramref name="rxEndUs"/> (<paramref name="pdu"/> null for an
    /// empty PDU). Its acknowledgement may free our head; its payload is taken if it is the next in sequence and
    /// the owner has room towards its host (else the peer will send it again). What it makes us send is ready
    /// after our answer to it, which follows it by T_IFS.
    /// </summary>
    internal void ReceiveFrom(Connection sender, DataPdu? pdu, long rxEndUs)
    {
        LastRxUs = rxEndUs;
        _readyFloorUs = rxEndUs + Airtime.TIfsUs + 1;
        try
        {
            Receive(sender, pdu);
        }
        finally
        {
            _readyFloorUs = long.MinValue;
        }
    }

    private void Receive(Connection sender, DataPdu? pdu)
    {
        if (sender.RxCount > TxAcked && _tx.TryDequeue(out var queued))
        {
            var acked = queued.Pdu;
            TxAcked++;
            if (acked.EndsHostPacket)
                Owner.OnHostPacketSent(this);
        }
        if (pdu == null || sender.TxAcked != RxCount)
            return;
        if (pdu.Control == null && !Owner.HasRoomTowardsHost)
            return; // flow control: not acknowledged, the peer retransmits
        RxCount++;
        if (pdu.Control != null)
            OnControl(pdu.Control);
        else
            Owner.DeliverAcl(this, pdu.Llid == Llid.Start ? HciAcl.PbFirstFlushable : HciAcl.PbContinuation, pdu.Payload);
    }

    // --- procedures started by the host ---

    internal void ExchangeFeatures() => StartProcedure(() => new FeatureReq(Owner.LeFeatures));

    internal void ExchangeVersion() => StartProcedure(() => Owner.VersionPdu(isReply: false));

    internal void RequestDataLength(int txOctets)
    {
        SuggestedTxOctets = Math.Clamp(txOctets, 27, 251);
        StartProcedure(() => new LengthReq(251, SuggestedTxOctets));
    }

    /// <summary>LE Set PHY: All_PHYs bit 0/1 means no preference for transmit/receive.</summary>
    internal void RequestPhy(byte allPhys, byte txPhys, byte rxPhys)
    {
        _hostAskedPhy = true;
        _phyTx = (byte)(((allPhys & 1) != 0 ? 0b11 : txPhys) & Owner.PhyMask);
        _phyRx = (byte)(((allPhys & 2) != 0 ? 0b11 : rxPhys) & Owner.PhyMask);
        StartProcedure(() => new PhyReq(_phyTx, _phyRx));
    }

    /// <summary>The link's PHY update is over (see <see cref="Link.AcceptPhyUpdate"/>).</summary>
    internal void PhyUpdateDone(bool changed)
    {
        if (_hostAskedPhy || changed)
            Owner.OnPhyUpdated(this);
        _hostAskedPhy = false;
        if (Procedure is PhyReq)
            EndProcedure();
    }

    /// <summary>Central: the PHY is chosen and LL_PHY_UPDATE_IND goes out.</summary>
    private void SendPhyUpdate(byte peerTx, byte peerRx, byte ownTx, byte ownRx)
    {
        // As with a connection update, the link acts on it once the peripheral has it.
        Enqueue(new DataPdu(Llid.Control, [], Link.ChoosePhy(peerTx, peerRx, ownTx, ownRx)));
    }

    // --- control PDUs from the peer ---

    private void OnControl(ControlPdu control)
    {
        switch (control)
        {
            case TerminateInd t:
                Link.Terminate(this, t.Reason);
                break;
            case ConnectionUpdateInd u:
                Link.AcceptUpdate(u);
                break;
            case EncReq or EncRsp or StartEncReq or StartEncRsp or PauseEncReq or PauseEncRsp or RejectInd:
                OnEncryptionControl(control);
                break;
            case FeatureReq:
                Enqueue(new DataPdu(Llid.Control, [], new FeatureRsp(Owner.LeFeatures)));
                break;
            case FeatureRsp f:
                EndProcedure();
                Owner.OnRemoteFeatures(this, f.Features);
                break;
            case VersionInd v:
                if (!v.IsReply)
                    Enqueue(new DataPdu(Llid.Control, [], Owner.VersionPdu(isReply: true)));
                else
                {
                    EndProcedure();
                    Owner.OnRemoteVersion(this, v);
                }
                break;
            case LengthReq r:
                {
                    var tx = Math.Min(SuggestedTxOctets, r.MaxRx);
                    var rx = Math.Min(251, r.MaxTx);
                    Enqueue(new DataPdu(Llid.Control, [], new LengthRsp(251, SuggestedTxOctets)));
                    SetDataLength(tx, rx);
                    break;
                }
            case LengthRsp r:
                EndProcedure();
                if (Link.FailsOn(Controller.Quirk.InstantPassedDle))
                    break; // the exchange is complete: instant-passed-dle ends the link here
                SetDataLength(Math.Min(SuggestedTxOctets, r.MaxRx), Math.Min(251, r.MaxTx));
                break;
            case PhyReq when Role == ConnectionRole.Peripheral:
                // Our own preferences if our host asked, else all we can do (LE Set Default PHY is not kept).
                Enqueue(new DataPdu(Llid.Control, [], _hostAskedPhy ? new PhyRsp(_phyTx, _phyRx) : new PhyRsp(Owner.PhyMask, Owner.PhyMask)));
                break;
            case PhyReq r:
                SendPhyUpdate(r.TxPhys, r.RxPhys, Owner.PhyMask, Owner.PhyMask);
                break;
            case PhyRsp r:
                SendPhyUpdate(r.TxPhys, r.RxPhys, _phyTx, _phyRx);
                break;
            case PhyUpdateInd u:
                Link.AcceptPhyUpdate(u);
                break;
        }
    }

    private void SetDataLength(int tx, int rx)
    {
        if (tx == MaxTxOctets && rx == MaxRxOctets)
            return;
        MaxTxOctets = tx;
        MaxRxOctets = rx;
        Owner.OnDataLengthChanged(this);
    }
}
