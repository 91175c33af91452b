using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Hci;

/// <summary>Builders for the events the controller sends. Pure functions.</summary>
public static class Events
{
    /// <summary>NimBLE's event buffers hold 70 bytes: 2 of header, 68 of parameters.</summary>
    public const int MaxParameterBytes = 68;

    public static HciEvent CommandComplete(ushort opcode, ReadOnlySpan<byte> returnParameters) =>
        new(EventCode.CommandComplete, new ParamWriter().U8(1).U16(opcode).Bytes(returnParameters).ToArray());

    public static HciEvent CommandComplete(ushort opcode, byte status) => CommandComplete(opcode, [status]);

    public static HciEvent CommandStatus(ushort opcode, byte status) =>
        new(EventCode.CommandStatus, new ParamWriter().U8(status).U8(1).U16(opcode).ToArray());

    public static HciEvent DisconnectionComplete(ushort handle, byte reason) =>
        new(EventCode.DisconnectionComplete, new ParamWriter().U8(Status.Success).U16(handle).U8(reason).ToArray());

    public static HciEvent EncryptionChange(byte status, ushort handle, bool enabled) =>
        new(EventCode.EncryptionChange, new ParamWriter().U8(status).U16(handle).U8(enabled ? (byte)1 : (byte)0).ToArray());

    /// <summary>Encryption Change [v2] (Core 5.3 onwards, Vol 4 Part E §7.7.8.2): [v1] plus the key size.</summary>
    public static HciEvent EncryptionChangeV2(byte status, ushort handle, bool enabled, byte keySize) =>
        new(EventCode.EncryptionChangeV2, new ParamWriter().U8(status).U16(handle).U8(enabled ? (byte)1 : (byte)0).U8(keySize).ToArray());

    public static HciEvent EncryptionKeyRefreshComplete(byte status, ushort handle) =>
        new(EventCode.EncryptionKeyRefreshComplete, new ParamWriter().U8(status).U16(handle).ToArray());

    public static HciEvent ReadRemoteVersionComplete(ushort handle, byte version, ushort company, ushort subversion) =>
        new(EventCode.ReadRemoteVersionInformationComplete,
            new ParamWriter().U8(Status.Success).U16(handle).U8(version).U16(company).U16(subversion).ToArray());

    public static HciEvent HardwareError(byte code) => new(EventCode.HardwareError, [code]);

    public static HciEvent NumberOfCompletedPackets(IReadOnlyList<(ushort Handle, int Count)> counts)
    {
        var w = new ParamWriter().U8((byte)counts.Count);
        foreach (var (h, c) in counts)
            w.U16(h).U16(c);
        return new(EventCode.NumberOfCompletedPackets, w.ToArray());
    }

    public static HciEvent DataBufferOverflow() => new(EventCode.DataBufferOverflow, [0x01]);

    public static HciEvent LeConnectionComplete(byte status, ushort handle, byte role, DeviceAddress peer, ushort interval, ushort latency, ushort timeout) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.ConnectionComplete).U8(status).U16(handle).U8(role)
            .U8(peer.Type).Addr(peer.Addr).U16(interval).U16(latency).U16(timeout).U8(0).ToArray());

    /// <summary>Peer address type 2 or 3 when the peer's RPA was resolved; the RPA fields are zero when none was used.</summary>
    public static HciEvent LeEnhancedConnectionComplete(byte status, ushort handle, byte role, DeviceAddress peer, BdAddr localRpa, BdAddr peerRpa,
                                                        ushort interval, ushort latency, ushort timeout) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.EnhancedConnectionComplete).U8(status).U16(handle).U8(role)
            .U8(peer.Type).Addr(peer.Addr).Addr(localRpa).Addr(peerRpa).U16(interval).U16(latency).U16(timeout).U8(0).ToArray());

    /// <summary>H4 bytes of an LE Advertising Report carrying one report of <paramref name="dataLength"/> bytes.</summary>
    public static int LeAdvertisingReportH4Length(int dataLength) => 3 + 12 + dataLength;

    /// <summary>
    /// One report per event: NimBLE's event buffer would not hold more. Written as an H4 frame straight into
    /// <paramref name="frame"/> (<see cref="LeAdvertisingReportH4Length"/> bytes): with many scanners this is the
    /// emulator's most frequent event, and it allocates nothing.
    /// </summary>
    public static void LeAdvertisingReport(Span<byte> frame, byte eventType, DeviceAddress addr, ReadOnlySpan<byte> data, sbyte rssi)
    {
        frame[0] = (byte)H4Type.Event;
        frame[1] = EventCode.LeMeta;
        frame[2] = (byte)(12 + data.Length);
        var p = frame[3..];
        p[0] = LeSubevent.AdvertisingReport;
        p[1] = 1; // one report
        p[2] = eventType;
        p[3] = addr.Type;
        addr.Addr.Bytes.CopyTo(p[4..10]);
        p[10] = (byte)data.Length;
        data.CopyTo(p[11..]);
        p[11 + data.Length] = (byte)rssi;
    }

    public static HciEvent LeConnectionUpdateComplete(byte status, ushort handle, ushort interval, ushort latency, ushort timeout) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.ConnectionUpdateComplete).U8(status).U16(handle)
            .U16(interval).U16(latency).U16(timeout).ToArray());

    public static HciEvent LeReadRemoteFeaturesComplete(byte status, ushort handle, ulong features) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.ReadRemoteFeaturesComplete).U8(status).U16(handle).U64(features).ToArray());

    public static HciEvent LeLongTermKeyRequest(ushort handle, ulong rand, ushort ediv) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.LongTermKeyRequest).U16(handle).U64(rand).U16(ediv).ToArray());

    public static HciEvent LePhyUpdateComplete(byte status, ushort handle, byte txPhy, byte rxPhy) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.PhyUpdateComplete).U8(status).U16(handle).U8(txPhy).U8(rxPhy).ToArray());

    public static HciEvent LeChannelSelectionAlgorithm(ushort handle, byte algorithm) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.ChannelSelectionAlgorithm).U16(handle).U8(algorithm).ToArray());

    public static HciEvent VendorSpecific(ReadOnlySpan<byte> parameters) => new(EventCode.VendorSpecific, parameters.ToArray());

    public static HciEvent LeDataLengthChange(ushort handle, int maxTx, int maxRx) =>
        new(EventCode.LeMeta, new ParamWriter().U8(LeSubevent.DataLengthChange).U16(handle)
            .U16(maxTx).U16(Airtime.MaxTimeFieldUs(maxTx)).U16(maxRx).U16(Airtime.MaxTimeFieldUs(maxRx)).ToArray());
}
