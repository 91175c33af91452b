using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

// The encryption start and pause procedures of one end (Core spec Vol 6 Part B §5.1.3.1, §5.1.3.2):
//   central                                   peripheral
//   [LL_PAUSE_ENC_REQ →]                      [← LL_PAUSE_ENC_RSP]       re-encrypting (key refresh) only
//   [LL_PAUSE_ENC_RSP →]
//   LL_ENC_REQ →                              ← LL_ENC_RSP, LTK request to its host
//                                             ← LL_START_ENC_REQ (or LL_REJECT_IND: no key)
//   LL_START_ENC_RSP → (encrypted)            ← LL_START_ENC_RSP (encrypted)
// Each end holds its host's ACL from the start of the procedure (the central: from LE Enable
// Encryption) to its end, so no data flows unencrypted or under a key that is about to change.
public sealed partial class Connection
{
    private readonly Queue<DataPdu> _heldAcl = new();
    private bool _aclPaused;
    private bool _encrypting;            // central: LE Enable Encryption runs
    private bool _refresh;               // the procedure re-encrypts a link that was encrypted
    private EncReq? _encReq;             // central: sent once the pause is over
    private byte[]? _ltk;                // the key this end encrypts with (central: its host's; peripheral: its host's reply)
    private bool _awaitingLtk;           // peripheral: its host has the LTK request

    /// <summary>The link is encrypted at this end (not while a pause is under way).</summary>
    public bool Encrypted { get; private set; }

    /// <summary>The host's ACL waits: an encryption procedure is under way.</summary>
    public bool AclPaused => _aclPaused;

    /// <summary>
    /// LE Enable Encryption on this end. A peripheral cannot start it, nor can a central while a start is
    /// under way: Command Disallowed, as Zephyr's (ull_llcp.c) and NimBLE's (ble_ll_conn_hci.c) controllers answer
    /// (NimBLE gives a peripheral Unspecified Error). An encrypted link is paused and re-encrypted.
    /// </summary>
    internal byte StartEncryption(byte[] ltk, ulong rand, ushort ediv)
    {
        if (Role != ConnectionRole.Central || _encrypting)
            return Status.CommandDisallowed;
        _encrypting = true;
        _ltk = ltk;
        _encReq = new EncReq(rand, ediv);
        // ACL the host hands over from now on waits, also while another procedure delays this one.
        PauseAcl();
        StartProcedure(() =>
        {
            _refresh = Encrypted;
            return Encrypted ? new PauseEncReq() : _encReq;
        });
        return Status.Success;
    }

    /// <summary>The peripheral's host answered the LTK request (null: negative reply). False when none is pending.</summary>
    internal bool AnswerLtkRequest(byte[]? ltk)
    {
        if (!_awaitingLtk)
            return false;
        _awaitingLtk = false;
        if (ltk == null)
        {
            // No key: the link stays (or, after a pause, becomes) unencrypted and data flows again.
            SendControl(new RejectInd(Status.PinOrKeyMissing));
            _refresh = false;
            ResumeAcl();
            return true;
        }
        _ltk = ltk;
        SendControl(new StartEncReq());
        return true;
    }

    private void EnqueueData(DataPdu pdu)
    {
        if (_aclPaused)
            _heldAcl.Enqueue(pdu);
        else
            Enqueue(pdu);
    }

    private void SendControl(ControlPdu pdu) => Enqueue(new DataPdu(Llid.Control, [], pdu));

    /// <summary>What is already queued still goes first; the host's next ACL waits.</summary>
    private void PauseAcl() => _aclPaused = true;

    private void ResumeAcl()
    {
        _aclPaused = false;
        while (_heldAcl.TryDequeue(out var pdu))
            Enqueue(pdu);
    }

    private void OnEncryptionControl(ControlPdu control)
    {
        switch (control)
        {
            // --- peripheral ---
            case PauseEncReq:
                PauseAcl();
                _refresh = true;
                SendControl(new PauseEncRsp());
                Encrypted = false;
                break;
            case EncReq e:
                PauseAcl();
                SendControl(new EncRsp());
                _awaitingLtk = true;
                Owner.RequestLtk(this, e.Rand, e.Ediv);
                break;
            case StartEncRsp s when Role == ConnectionRole.Peripheral:
                if (!MicPasses(s))
                    return;
                SendControl(new StartEncRsp(_ltk!));
                EncryptionDone();
                break;

            // --- central ---
            case PauseEncRsp when Role == ConnectionRole.Central:
                Encrypted = false;
                SendControl(new PauseEncRsp());
                SwitchProcedure(_encReq!);
                break;
            case StartEncReq:
                SendControl(new StartEncRsp(_ltk!));
                break;
            case StartEncRsp s:
                if (!MicPasses(s))
                    return;
                EncryptionDone();
                EndProcedure();
                break;
            case RejectInd r when Procedure is EncReq:
                _encrypting = false;
                _refresh = false;
                ResumeAcl();
                EndProcedure();
                Owner.OnEncryptionFailed(this, r.ErrorCode);
                break;
        }
    }

    private void EncryptionDone()
    {
        var refresh = _refresh;
        Encrypted = true;
        _encrypting = _refresh = false;
        ResumeAcl();
        Owner.OnEncrypted(this, refresh);
    }

    /// <summary>
    /// The first encrypted PDU: under a key other than ours its MIC fails, and this end leaves the
    /// connection at once with 0x3D and sends nothing more (Vol 6 Part B §5.1.3.1; Zephyr's ull_conn.c and
    /// NimBLE's ble_ll_conn.c likewise, no LL_TERMINATE_IND). The peer hears silence and ends on its supervision timeout.
    /// </summary>
    private bool MicPasses(StartEncRsp s)
    {
        if (_ltk != null && s.Key.AsSpan().SequenceEqual(_ltk))
            return true;
        Link.Abandon(this, Status.ConnectionTerminatedMicFailure);
        return false;
    }
}
