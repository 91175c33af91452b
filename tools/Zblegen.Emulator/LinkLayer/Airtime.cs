namespace Zblegen.Emulator.LinkLayer;

/// <summary>
/// What the LE 1M PHY charges on air. A PDU carries 10 bytes around its payload (preamble 1,
/// access address 4, header 2, CRC 3) at 8 µs a byte; packets are separated by T_IFS.
/// </summary>
public static class Airtime
{
    public const int UsPerByte = 8;
    public const int PduOverheadBytes = 10;
    public const int TIfsUs = 150;

    public static int PduUs(int payloadBytes) => (PduOverheadBytes + payloadBytes) * UsPerByte;

    /// <summary>A data PDU, the peer's answer and the two inter-frame spaces: one exchange in a connection event.</summary>
    public static int ExchangeUs(int payloadOut, int payloadBack) => PduUs(payloadOut) + TIfsUs + PduUs(payloadBack) + TIfsUs;

    /// <summary>The maxTxTime/maxRxTime fields of HCI events: the spec counts 14 bytes (with MIC) around the payload.</summary>
    public static int MaxTimeFieldUs(int octets) => (octets + 14) * UsPerByte;

    /// <summary>
    /// The most L2CAP payload one link carries, in bytes a second, when the central sends full PDUs and
    /// the peripheral answers empty: whole exchanges that fit in each interval.
    /// </summary>
    public static double TheoreticalThroughput(int intervalUs, int dataLength)
    {
        var exchange = ExchangeUs(dataLength, 0);
        var perEvent = Math.Max(1, intervalUs / exchange);
        return perEvent * dataLength * 1e6 / intervalUs;
    }
}
