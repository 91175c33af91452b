using Zblegen.Emulator.Hci;
using static Zblegen.Emulator.Controller.AnswerKind;

namespace Zblegen.Emulator.Controller;

public sealed partial class VirtualController
{
    /// <summary>
    /// Every HCI command the controller handles: opcode, answer kind, Supported_Commands bit (octet,
    /// bit) and handler. Adding a command is one line here and its handler in the file of its area.
    /// </summary>
    internal static readonly CommandTable Commands = new(
    [
        // --- controller and baseband, informational, vendor: VirtualController.Baseband.cs ---
        new(Op.SetEventMask, CommandComplete, Bit(5, 6), static (c, ref p) => c.SetEventMask(ref p)),
        new(Op.Reset, CommandComplete, Bit(5, 7), static (c, ref p) => c.Reset()),
        new(Op.SetControllerToHostFlowControl, CommandComplete, Bit(10, 5), static (c, ref p) => c.SetControllerToHostFlowControl(ref p)),
        new(Op.HostBufferSize, CommandComplete, Bit(10, 6), static (c, ref p) => c.HostBufferSize(ref p)),
        new(Op.HostNumberOfCompletedPackets, CommandComplete, Bit(10, 7), static (c, ref p) => c.HostNumberOfCompletedPackets(ref p)),
        new(Op.SetEventMaskPage2, CommandComplete, Bit(22, 2), static (c, ref p) => c.SetEventMaskPage2(ref p)),
        new(Op.WriteLeHostSupport, CommandComplete, Bit(24, 6), static (c, ref p) => WriteLeHostSupport()),
        new(Op.ReadLocalVersionInformation, CommandComplete, Bit(14, 3), static (c, ref p) => c.ReadLocalVersionInformation()),
        new(Op.ReadLocalSupportedCommands, CommandComplete, null, static (c, ref p) => c.ReadLocalSupportedCommands()),
        new(Op.ReadLocalSupportedFeatures, CommandComplete, Bit(14, 5), static (c, ref p) => ReadLocalSupportedFeatures()),
        new(Op.ReadLocalExtendedFeatures, CommandComplete, Bit(14, 6), static (c, ref p) => ReadLocalExtendedFeatures(ref p)),
        new(Op.ReadBufferSize, CommandComplete, Bit(14, 7), static (c, ref p) => c.ReadBufferSize()),
        new(Op.ReadBdAddr, CommandComplete, Bit(15, 1), static (c, ref p) => c.ReadBdAddr()),
        new(Op.LeSetEventMask, CommandComplete, Bit(25, 0), static (c, ref p) => c.LeSetEventMask(ref p)),
        new(Op.LeReadBufferSize, CommandComplete, Bit(25, 1), static (c, ref p) => c.LeReadBufferSize()),
        new(Op.LeReadLocalSupportedFeatures, CommandComplete, Bit(25, 2), static (c, ref p) => c.LeReadLocalSupportedFeatures()),
        new(Op.LeReadSupportedStates, CommandComplete, Bit(28, 3), static (c, ref p) => LeReadSupportedStates()),
        new(Op.ZephyrReadStaticAddresses, CommandComplete, null, static (c, ref p) => c.ZephyrReadStaticAddresses()),

        // --- LE advertising and scanning: VirtualController.AdvertisingScanning.cs ---
        new(Op.LeSetRandomAddress, CommandComplete, Bit(25, 4), static (c, ref p) => c.LeSetRandomAddress(ref p)),
        new(Op.LeSetAdvertisingParameters, CommandComplete, Bit(25, 5), static (c, ref p) => c.LeSetAdvertisingParameters(ref p)),
        new(Op.LeReadAdvertisingChannelTxPower, CommandComplete, Bit(25, 6), static (c, ref p) => LeReadAdvertisingChannelTxPower()),
        new(Op.LeSetAdvertisingData, CommandComplete, Bit(25, 7), static (c, ref p) => c.LeSetAdvertisingData(ref p)),
        new(Op.LeSetScanResponseData, CommandComplete, Bit(26, 0), static (c, ref p) => c.LeSetScanResponseData(ref p)),
        new(Op.LeSetAdvertisingEnable, CommandComplete, Bit(26, 1), static (c, ref p) => c.LeSetAdvertisingEnable(ref p)),
        new(Op.LeSetScanParameters, CommandComplete, Bit(26, 2), static (c, ref p) => c.LeSetScanParameters(ref p)),
        new(Op.LeSetScanEnable, CommandComplete, Bit(26, 3), static (c, ref p) => c.LeSetScanEnable(ref p)),
        new(Op.LeReadFilterAcceptListSize, CommandComplete, Bit(26, 6), static (c, ref p) => c.LeReadFilterAcceptListSize()),
        new(Op.LeClearFilterAcceptList, CommandComplete, Bit(26, 7), static (c, ref p) => c.LeClearFilterAcceptList()),
        new(Op.LeAddDeviceToFilterAcceptList, CommandComplete, Bit(27, 0), static (c, ref p) => c.LeAddDeviceToFilterAcceptList(ref p)),
        new(Op.LeRemoveDeviceFromFilterAcceptList, CommandComplete, Bit(27, 1), static (c, ref p) => c.LeRemoveDeviceFromFilterAcceptList(ref p)),

        // --- LE connections and the link: VirtualController.Connections.cs ---
        new(Op.LeCreateConnection, CommandStatus, Bit(26, 4), static (c, ref p) => c.LeCreateConnection(ref p)),
        new(Op.LeCreateConnectionCancel, CommandComplete, Bit(26, 5), static (c, ref p) => c.LeCreateConnectionCancel()),
        new(Op.Disconnect, CommandStatus, Bit(0, 5), static (c, ref p) => c.Disconnect(ref p)),
        new(Op.LeConnectionUpdate, CommandStatus, Bit(27, 2), static (c, ref p) => c.LeConnectionUpdate(ref p)),
        new(Op.LeReadRemoteFeatures, CommandStatus, Bit(27, 5), static (c, ref p) => c.LeReadRemoteFeatures(ref p)),
        new(Op.ReadRemoteVersionInformation, CommandStatus, Bit(2, 7), static (c, ref p) => c.ReadRemoteVersionInformation(ref p)),
        new(Op.LeSetDataLength, CommandComplete, Bit(33, 6), static (c, ref p) => c.LeSetDataLength(ref p)),
        new(Op.LeReadSuggestedDefaultDataLength, CommandComplete, Bit(33, 7), static (c, ref p) => c.LeReadSuggestedDefaultDataLength()),
        new(Op.LeWriteSuggestedDefaultDataLength, CommandComplete, Bit(34, 0), static (c, ref p) => c.LeWriteSuggestedDefaultDataLength(ref p)),
        new(Op.LeReadMaximumDataLength, CommandComplete, Bit(35, 3), static (c, ref p) => LeReadMaximumDataLength()),
        new(Op.LeReadPhy, CommandComplete, Bit(35, 4), static (c, ref p) => c.LeReadPhy(ref p)),
        new(Op.LeSetDefaultPhy, CommandComplete, Bit(35, 5), static (c, ref p) => LeSetDefaultPhy(ref p)),
        new(Op.LeSetPhy, CommandStatus, Bit(35, 6), static (c, ref p) => c.LeSetPhy(ref p), Capability.Le2MPhy),
        new(Op.LeSetHostChannelClassification, CommandComplete, Bit(27, 3), static (c, ref p) => LeSetHostChannelClassification(ref p)),
        new(Op.LeReadChannelMap, CommandComplete, Bit(27, 4), static (c, ref p) => c.LeReadChannelMap(ref p)),
        new(Op.ReadRssi, CommandComplete, Bit(15, 5), static (c, ref p) => c.ReadRssi(ref p)),
        new(Op.ReadTransmitPowerLevel, CommandComplete, null, static (c, ref p) => ReadTransmitPowerLevel(ref p)),

        // --- LE security and privacy: VirtualController.Security.cs ---
        new(Op.LeEncrypt, CommandComplete, Bit(27, 6), static (c, ref p) => LeEncrypt(ref p)),
        new(Op.LeRand, CommandComplete, Bit(27, 7), static (c, ref p) => c.LeRand()),
        new(Op.LeEnableEncryption, CommandStatus, Bit(28, 0), static (c, ref p) => c.LeEnableEncryption(ref p)),
        new(Op.LeLongTermKeyRequestReply, CommandComplete, Bit(28, 1), static (c, ref p) => c.LeLongTermKeyRequestReply(ref p)),
        new(Op.LeLongTermKeyRequestNegativeReply, CommandComplete, Bit(28, 2), static (c, ref p) => c.LeLongTermKeyRequestNegativeReply(ref p)),
        new(Op.ReadAuthenticatedPayloadTimeout, CommandComplete, Bit(32, 4), static (c, ref p) => ReadAuthenticatedPayloadTimeout(ref p)),
        new(Op.WriteAuthenticatedPayloadTimeout, CommandComplete, Bit(32, 5), static (c, ref p) => WriteAuthenticatedPayloadTimeout(ref p)),
        new(Op.LeAddDeviceToResolvingList, CommandComplete, Bit(34, 3), static (c, ref p) => c.LeAddDeviceToResolvingList(ref p), Capability.LlPrivacy),
        new(Op.LeRemoveDeviceFromResolvingList, CommandComplete, Bit(34, 4), static (c, ref p) => c.LeRemoveDeviceFromResolvingList(ref p), Capability.LlPrivacy),
        new(Op.LeClearResolvingList, CommandComplete, Bit(34, 5), static (c, ref p) => c.LeClearResolvingList(), Capability.LlPrivacy),
        new(Op.LeReadResolvingListSize, CommandComplete, Bit(34, 6), static (c, ref p) => c.LeReadResolvingListSize(), Capability.LlPrivacy),
        new(Op.LeReadPeerResolvableAddress, CommandComplete, Bit(34, 7), static (c, ref p) => c.LeReadPeerResolvableAddress(ref p), Capability.LlPrivacy),
        new(Op.LeReadLocalResolvableAddress, CommandComplete, Bit(35, 0), static (c, ref p) => c.LeReadLocalResolvableAddress(ref p), Capability.LlPrivacy),
        new(Op.LeSetAddressResolutionEnable, CommandComplete, Bit(35, 1), static (c, ref p) => c.LeSetAddressResolutionEnable(ref p), Capability.LlPrivacy),
        new(Op.LeSetResolvablePrivateAddressTimeout, CommandComplete, Bit(35, 2), static (c, ref p) => c.LeSetResolvablePrivateAddressTimeout(ref p), Capability.LlPrivacy),
        new(Op.LeSetPrivacyMode, CommandComplete, Bit(39, 2), static (c, ref p) => c.LeSetPrivacyMode(ref p), Capability.LlPrivacy),
    ]);

    private static SupportedCommandBit Bit(int octet, int bit) => new(octet, bit);

    /// <summary>Return parameters that start with Success; a handler appends the rest.</summary>
    private static ParamWriter Ok() => new ParamWriter().U8(Status.Success);

    /// <summary>Return parameters that start with <paramref name="status"/>; a Command Status command returns only that.</summary>
    private static ParamWriter Fail(byte status) => new ParamWriter().U8(status);

    /// <summary>Return parameters that start with a status decided elsewhere, success or not.</summary>
    private static ParamWriter Answer(byte status) => new ParamWriter().U8(status);
}
