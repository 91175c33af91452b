using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.LinkLayer;

public enum AdvPduType { AdvInd, AdvDirectInd, AdvNonconnInd, AdvScanInd, ScanRsp }

/// <summary>An advertising-channel PDU as the radio carries it.</summary>
public sealed record AdvertisingPdu(AdvPduType Type, DeviceAddress Advertiser, byte[] Data, DeviceAddress? Target)
{
    public bool Connectable => Type is AdvPduType.AdvInd or AdvPduType.AdvDirectInd;
    public bool Scannable => Type is AdvPduType.AdvInd or AdvPduType.AdvScanInd;

    /// <summary>AdvA (6) plus data, or AdvA and TargetA for a directed PDU.</summary>
    public int PayloadBytes => 6 + (Type == AdvPduType.AdvDirectInd ? 6 : Data.Length);

    /// <summary>The legacy advertising report's event type for this PDU.</summary>
    public byte ReportEventType => Type switch
    {
        AdvPduType.AdvInd => 0,
        AdvPduType.AdvDirectInd => 1,
        AdvPduType.AdvScanInd => 2,
        AdvPduType.AdvNonconnInd => 3,
        _ => 4,
    };
}

/// <summary>LLID of a data-channel PDU.</summary>
public enum Llid : byte { Continuation = 0b01, Start = 0b10, Control = 0b11 }

/// <summary>A data-channel PDU queued for a connection. Control PDUs carry a <see cref="ControlPdu"/>.</summary>
public sealed record DataPdu(Llid Llid, byte[] Payload, ControlPdu? Control = null, bool EndsHostPacket = false)
{
    public int PayloadBytes => Control?.PayloadBytes ?? Payload.Length;
}

/// <summary>LL control procedures (Core spec Vol 6 Part B §2.4.2); sizes are their on-air payloads.</summary>
public abstract record ControlPdu(int PayloadBytes);
public sealed record TerminateInd(byte Reason) : ControlPdu(2);
public sealed record ConnectionUpdateInd(ushort Interval, ushort Latency, ushort Timeout, ushort Instant) : ControlPdu(12);
/// <summary>Rand, EDIV, SKDm and IVm: the key itself never goes on air.</summary>
public sealed record EncReq(ulong Rand, ushort Ediv) : ControlPdu(23);
/// <summary>SKDs and IVs.</summary>
public sealed record EncRsp() : ControlPdu(13);
/// <summary>Sent unencrypted by the peripheral once its host gave the LTK.</summary>
public sealed record StartEncReq() : ControlPdu(1);
/// <summary>
/// The first encrypted PDU each way. <see cref="Key"/> stands for the session key it is encrypted with:
/// a receiver whose key differs sees its MIC fail.
/// </summary>
public sealed record StartEncRsp(byte[] Key) : ControlPdu(1);
public sealed record PauseEncReq() : ControlPdu(1);
public sealed record PauseEncRsp() : ControlPdu(1);
/// <summary>LL_REJECT_IND: the peripheral's answer to LL_ENC_REQ when its host has no key.</summary>
public sealed record RejectInd(byte ErrorCode) : ControlPdu(2);
public sealed record FeatureReq(ulong Features) : ControlPdu(9);
public sealed record FeatureRsp(ulong Features) : ControlPdu(9);
public sealed record VersionInd(byte Version, ushort Company, ushort Subversion, bool IsReply) : ControlPdu(6);
public sealed record LengthReq(int MaxRx, int MaxTx) : ControlPdu(9);
public sealed record LengthRsp(int MaxRx, int MaxTx) : ControlPdu(9);
/// <summary>PHY fields are bit masks: bit 0 LE 1M, bit 1 LE 2M (Core spec Vol 6 Part B §2.4.2.22).</summary>
public sealed record PhyReq(byte TxPhys, byte RxPhys) : ControlPdu(3);
public sealed record PhyRsp(byte TxPhys, byte RxPhys) : ControlPdu(3);
/// <summary>Zero PHY fields: no change, and the instant means nothing.</summary>
public sealed record PhyUpdateInd(byte CentralToPeripheral, byte PeripheralToCentral, ushort Instant) : ControlPdu(5);
