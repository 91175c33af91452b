using Zblegen.Emulator;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

public enum HostFlavour { NimBle, BtStack, Zephyr }

/// <summary>
/// Init sequences: NimBLE's and BTstack's as captured from MicroPython v1.28.0 unix hosts on the
/// emulator; Zephyr's as its host is expected to send it (no Zephyr unix build exists yet).
/// </summary>
internal static class HostScripts
{
    private static byte[] U64(ulong v) => BitConverter.GetBytes(v);

    public static IReadOnlyList<(ushort Op, byte[] Params)> InitSequence(HostFlavour flavour) => flavour switch
    {
        HostFlavour.NimBle =>
        [
            (Op.Reset, []),
            (Op.ReadLocalVersionInformation, []),           // NimBLE resets again below HCI 4.0
            (Op.ReadLocalSupportedFeatures, []),
            (Op.SetEventMask, U64(0x2000800002008090)),
            (Op.SetEventMaskPage2, U64(0x0000000000800000)),
            (Op.LeSetEventMask, U64(0x00000000000FFE7F)),   // with Enhanced Connection Complete
            (Op.LeReadBufferSize, []),
            (Op.LeReadLocalSupportedFeatures, []),
            (Op.ReadBdAddr, []),
            (Op.LeSetAddressResolutionEnable, [0]),
            (Op.LeClearResolvingList, []),
            (Op.LeSetAddressResolutionEnable, [1]),
            (Op.LeSetAdvertisingEnable, [0]),
            (Op.LeAddDeviceToResolvingList, new byte[39]),
            (Op.LeSetPrivacyMode, [0, 0, 0, 0, 0, 0, 0, 1]),
            (Op.LeRand, []),
            (Op.LeRand, []),
            // Not sent by NimBLE itself: the suggested data length the other hosts write, so the
            // scripted links use 251-byte PDUs unless a test says otherwise.
            (Op.LeWriteSuggestedDefaultDataLength, [0xFB, 0x00, 0x48, 0x08]),
        ],
        HostFlavour.BtStack =>
        [
            (Op.Reset, []),
            (Op.ReadLocalVersionInformation, []),
            (Op.ZephyrReadStaticAddresses, []),             // sent because the manufacturer is Zephyr's
            (Op.ReadLocalSupportedCommands, []),
            (Op.ReadBdAddr, []),
            (Op.ReadBufferSize, []),
            (Op.ReadLocalSupportedFeatures, []),
            (Op.SetEventMask, U64(0x3FFFFFFFFFFFFFFF)),
            (Op.SetEventMaskPage2, U64(0x0000000002000000)),
            (Op.LeReadBufferSize, []),
            (Op.WriteLeHostSupport, [1, 0]),
            (Op.LeSetEventMask, U64(0x00000007FFFFFDFF)),   // no Enhanced Connection Complete
            (Op.LeReadFilterAcceptListSize, []),
            (Op.LeSetScanParameters, [1, 0xE0, 0x01, 0x30, 0x00, 0, 0]),
            (Op.LeEncrypt, new byte[32]),
        ],
        _ =>
        [
            (Op.Reset, []),
            (Op.ReadLocalVersionInformation, []),
            (Op.ReadLocalSupportedFeatures, []),
            (Op.ReadLocalSupportedCommands, []),
            (Op.ReadBdAddr, []),
            (Op.LeReadLocalSupportedFeatures, []),
            (Op.LeReadBufferSize, []),
            (Op.LeReadSupportedStates, []),
            (Op.LeReadMaximumDataLength, []),
            (Op.LeWriteSuggestedDefaultDataLength, [0xFB, 0x00, 0x48, 0x08]),
            (Op.LeReadResolvingListSize, []),
            (Op.LeSetEventMask, U64(0x000000000000003F)),   // legacy Connection Complete
            (Op.SetEventMask, U64(0x20008000020088B0)),
            (Op.LeRand, []),
            (Op.LeRand, []),
            (Op.LeSetRandomAddress, [0x11, 0x22, 0x33, 0x44, 0x55, 0xC6]),
        ],
    };

    public static void Init(ScriptedHost host, HostFlavour flavour = HostFlavour.NimBle)
    {
        foreach (var (op, prm) in InitSequence(flavour))
            host.Ok(op, prm);
    }

    public static byte[] AdvData(string name)
    {
        var n = System.Text.Encoding.ASCII.GetBytes(name);
        return [2, 0x01, 0x06, (byte)(n.Length + 1), 0x09, .. n];
    }

    /// <summary>Parameters, data and enable: connectable undirected advertising at <paramref name="intervalUnits"/> × 0.625 ms.</summary>
    public static void Advertise(ScriptedHost h, byte type = 0, ushort intervalUnits = 0x00A0, byte[]? data = null, byte[]? scanRsp = null)
    {
        h.Ok(Op.LeSetAdvertisingParameters, [(byte)intervalUnits, (byte)(intervalUnits >> 8), (byte)intervalUnits, (byte)(intervalUnits >> 8), type, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0]);
        h.Ok(Op.LeSetAdvertisingData, Pad31(data ?? AdvData("periph")));
        h.Ok(Op.LeSetScanResponseData, Pad31(scanRsp ?? []));
        h.Ok(Op.LeSetAdvertisingEnable, [1]);
    }

    public static void Scan(ScriptedHost h, bool active, ushort interval = 0x0030, ushort window = 0x0030)
    {
        h.Ok(Op.LeSetScanParameters, [(byte)(active ? 1 : 0), (byte)interval, (byte)(interval >> 8), (byte)window, (byte)(window >> 8), 0, 0]);
        h.Ok(Op.LeSetScanEnable, [1, 0]);
    }

    /// <summary>LE_Create_Connection to a public address; interval (min, and max unless given) in 1.25 ms units, timeout in 10 ms units.</summary>
    public static void CreateConnection(ScriptedHost h, BdAddr peer, ushort interval = 24, ushort timeout = 100, ushort? intervalMax = null)
    {
        var max = intervalMax ?? interval;
        byte[] p = [0x30, 0, 0x30, 0, 0, 0, .. peer.Bytes, 0, (byte)interval, (byte)(interval >> 8), (byte)max, (byte)(max >> 8),
                    0, 0, (byte)timeout, (byte)(timeout >> 8), 0, 0, 0, 0];
        h.Ok(Op.LeCreateConnection, p);
    }

    public static byte[] Pad31(byte[] data)
    {
        var b = new byte[32];
        b[0] = (byte)data.Length;
        data.CopyTo(b, 1);
        return b;
    }

    /// <summary>Two initialised hosts with a connection between them: central on controller 0.</summary>
    public static (ScriptedHost Central, ScriptedHost Peripheral, ushort CentralHandle, ushort PeripheralHandle) Connected(
        EmulatedSystem sys, HostFlavour flavour = HostFlavour.NimBle, ushort interval = 24, ushort timeout = 100, ushort? suggestedDataLength = null)
    {
        var c = new ScriptedHost(sys, 0);
        var p = new ScriptedHost(sys, 1);
        Init(c, flavour);
        Init(p, flavour);
        if (suggestedDataLength is { } dl)
        {
            c.Ok(Op.LeWriteSuggestedDefaultDataLength, [(byte)dl, (byte)(dl >> 8), 0x48, 0x08]);
            p.Ok(Op.LeWriteSuggestedDefaultDataLength, [(byte)dl, (byte)(dl >> 8), 0x48, 0x08]);
        }
        Advertise(p);
        CreateConnection(c, sys.Controllers[1].Options.PublicAddress, interval, timeout);
        var cc = WaitConnectionComplete(c, flavour);
        var pc = WaitConnectionComplete(p, flavour);
        return (c, p, (ushort)(cc.Parameters[2] | cc.Parameters[3] << 8), (ushort)(pc.Parameters[2] | pc.Parameters[3] << 8));
    }

    public static HciEvent WaitConnectionComplete(ScriptedHost h, HostFlavour flavour) =>
        h.WaitLe(flavour == HostFlavour.NimBle ? LeSubevent.EnhancedConnectionComplete : LeSubevent.ConnectionComplete);

    public static byte[] Handle(ushort h) => [(byte)h, (byte)(h >> 8)];
}
