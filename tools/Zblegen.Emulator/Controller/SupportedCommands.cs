using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

/// <summary>
/// The Supported_Commands bit for each command the controller implements (Core spec Vol 4 Part E
/// §6.27: octet, bit). Hosts read it to pick procedures, so it must list exactly what is handled.
/// </summary>
public static class SupportedCommands
{
    private static readonly (ushort Op, int Octet, int Bit)[] Table =
    [
        (Op.Disconnect, 0, 5),
        (Op.ReadRemoteVersionInformation, 2, 7),
        (Op.SetEventMask, 5, 6),
        (Op.Reset, 5, 7),
        (Op.SetControllerToHostFlowControl, 10, 5),
        (Op.HostBufferSize, 10, 6),
        (Op.HostNumberOfCompletedPackets, 10, 7),
        (Op.ReadLocalVersionInformation, 14, 3),
        (Op.ReadLocalSupportedFeatures, 14, 5),
        (Op.ReadLocalExtendedFeatures, 14, 6),
        (Op.ReadBufferSize, 14, 7),
        (Op.ReadBdAddr, 15, 1),
        (Op.ReadRssi, 15, 5),
        (Op.SetEventMaskPage2, 22, 2),
        (Op.WriteLeHostSupport, 24, 6),
        (Op.LeSetEventMask, 25, 0),
        (Op.LeReadBufferSize, 25, 1),
        (Op.LeReadLocalSupportedFeatures, 25, 2),
        (Op.LeSetRandomAddress, 25, 4),
        (Op.LeSetAdvertisingParameters, 25, 5),
        (Op.LeReadAdvertisingChannelTxPower, 25, 6),
        (Op.LeSetAdvertisingData, 25, 7),
        (Op.LeSetScanResponseData, 26, 0),
        (Op.LeSetAdvertisingEnable, 26, 1),
        (Op.LeSetScanParameters, 26, 2),
        (Op.LeSetScanEnable, 26, 3),
        (Op.LeCreateConnection, 26, 4),
        (Op.LeCreateConnectionCancel, 26, 5),
        (Op.LeReadFilterAcceptListSize, 26, 6),
        (Op.LeClearFilterAcceptList, 26, 7),
        (Op.LeAddDeviceToFilterAcceptList, 27, 0),
        (Op.LeRemoveDeviceFromFilterAcceptList, 27, 1),
        (Op.LeConnectionUpdate, 27, 2),
        (Op.LeSetHostChannelClassification, 27, 3),
        (Op.LeReadChannelMap, 27, 4),
        (Op.LeReadRemoteFeatures, 27, 5),
        (Op.LeEncrypt, 27, 6),
        (Op.LeRand, 27, 7),
        (Op.LeEnableEncryption, 28, 0),
        (Op.LeLongTermKeyRequestReply, 28, 1),
        (Op.LeLongTermKeyRequestNegativeReply, 28, 2),
        (Op.LeReadSupportedStates, 28, 3),
        (Op.ReadAuthenticatedPayloadTimeout, 32, 4),
        (Op.WriteAuthenticatedPayloadTimeout, 32, 5),
        (Op.LeSetDataLength, 33, 6),
        (Op.LeReadSuggestedDefaultDataLength, 33, 7),
        (Op.LeWriteSuggestedDefaultDataLength, 34, 0),
        (Op.LeAddDeviceToResolvingList, 34, 3),
        (Op.LeRemoveDeviceFromResolvingList, 34, 4),
        (Op.LeClearResolvingList, 34, 5),
        (Op.LeReadResolvingListSize, 34, 6),
        (Op.LeSetAddressResolutionEnable, 35, 1),
        (Op.LeSetResolvablePrivateAddressTimeout, 35, 2),
        (Op.LeReadMaximumDataLength, 35, 3),
        (Op.LeReadPhy, 35, 4),
        (Op.LeSetDefaultPhy, 35, 5),
        (Op.LeSetPrivacyMode, 39, 2),
    ];

    public static IEnumerable<ushort> Opcodes => Table.Select(t => t.Op);

    public static byte[] Mask()
    {
        var mask = new byte[64];
        foreach (var (_, octet, bit) in Table)
            mask[octet] |= (byte)(1 << bit);
        return mask;
    }
}
