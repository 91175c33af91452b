namespace Zblegen.Emulator.Hci;

/// <summary>HCI command opcodes (OGF &lt;&lt; 10 | OCF), Core spec Vol 4 Part E §7.</summary>
public static class Op
{
    public const ushort Disconnect = 0x0406;
    public const ushort ReadRemoteVersionInformation = 0x041D;

    public const ushort SetEventMask = 0x0C01;
    public const ushort Reset = 0x0C03;
    public const ushort ReadTransmitPowerLevel = 0x0C2D;
    public const ushort SetControllerToHostFlowControl = 0x0C31;
    public const ushort HostBufferSize = 0x0C33;
    public const ushort HostNumberOfCompletedPackets = 0x0C35;
    public const ushort SetEventMaskPage2 = 0x0C63;
    public const ushort WriteLeHostSupport = 0x0C6D;
    public const ushort ReadAuthenticatedPayloadTimeout = 0x0C7B;
    public const ushort WriteAuthenticatedPayloadTimeout = 0x0C7C;

    public const ushort ReadLocalVersionInformation = 0x1001;
    public const ushort ReadLocalSupportedCommands = 0x1002;
    public const ushort ReadLocalSupportedFeatures = 0x1003;
    public const ushort ReadLocalExtendedFeatures = 0x1004;
    public const ushort ReadBufferSize = 0x1005;
    public const ushort ReadBdAddr = 0x1009;

    public const ushort ReadRssi = 0x1405;

    public const ushort LeSetEventMask = 0x2001;
    public const ushort LeReadBufferSize = 0x2002;
    public const ushort LeReadLocalSupportedFeatures = 0x2003;
    public const ushort LeSetRandomAddress = 0x2005;
    public const ushort LeSetAdvertisingParameters = 0x2006;
    public const ushort LeReadAdvertisingChannelTxPower = 0x2007;
    public const ushort LeSetAdvertisingData = 0x2008;
    public const ushort LeSetScanResponseData = 0x2009;
    public const ushort LeSetAdvertisingEnable = 0x200A;
    public const ushort LeSetScanParameters = 0x200B;
    public const ushort LeSetScanEnable = 0x200C;
    public const ushort LeCreateConnection = 0x200D;
    public const ushort LeCreateConnectionCancel = 0x200E;
    public const ushort LeReadFilterAcceptListSize = 0x200F;
    public const ushort LeClearFilterAcceptList = 0x2010;
    public const ushort LeAddDeviceToFilterAcceptList = 0x2011;
    public const ushort LeRemoveDeviceFromFilterAcceptList = 0x2012;
    public const ushort LeConnectionUpdate = 0x2013;
    public const ushort LeSetHostChannelClassification = 0x2014;
    public const ushort LeReadChannelMap = 0x2015;
    public const ushort LeReadRemoteFeatures = 0x2016;
    public const ushort LeEncrypt = 0x2017;
    public const ushort LeRand = 0x2018;
    public const ushort LeEnableEncryption = 0x2019;
    public const ushort LeLongTermKeyRequestReply = 0x201A;
    public const ushort LeLongTermKeyRequestNegativeReply = 0x201B;
    public const ushort LeReadSupportedStates = 0x201C;
    public const ushort LeRemoteConnectionParameterRequestReply = 0x2020;
    public const ushort LeRemoteConnectionParameterRequestNegativeReply = 0x2021;
    public const ushort LeSetDataLength = 0x2022;
    public const ushort LeReadSuggestedDefaultDataLength = 0x2023;
    public const ushort LeWriteSuggestedDefaultDataLength = 0x2024;
    public const ushort LeAddDeviceToResolvingList = 0x2027;
    public const ushort LeRemoveDeviceFromResolvingList = 0x2028;
    public const ushort LeClearResolvingList = 0x2029;
    public const ushort LeReadResolvingListSize = 0x202A;
    public const ushort LeReadPeerResolvableAddress = 0x202B;
    public const ushort LeReadLocalResolvableAddress = 0x202C;
    public const ushort LeSetAddressResolutionEnable = 0x202D;
    public const ushort LeSetResolvablePrivateAddressTimeout = 0x202E;
    public const ushort LeReadMaximumDataLength = 0x202F;
    public const ushort LeReadPhy = 0x2030;
    public const ushort LeSetDefaultPhy = 0x2031;
    public const ushort LeSetPhy = 0x2032;
    public const ushort LeSetPrivacyMode = 0x204E;

    /// <summary>Zephyr vendor command Read_Static_Addresses; BTstack asks Zephyr controllers for it.</summary>
    public const ushort ZephyrReadStaticAddresses = 0xFC09;
}

public static class EventCode
{
    public const byte DisconnectionComplete = 0x05;
    public const byte EncryptionChange = 0x08;
    public const byte ReadRemoteVersionInformationComplete = 0x0C;
    public const byte CommandComplete = 0x0E;
    public const byte CommandStatus = 0x0F;
    public const byte HardwareError = 0x10;
    public const byte NumberOfCompletedPackets = 0x13;
    public const byte DataBufferOverflow = 0x1A;
    public const byte EncryptionKeyRefreshComplete = 0x30;
    public const byte LeMeta = 0x3E;
    public const byte EncryptionChangeV2 = 0x59;
    public const byte VendorSpecific = 0xFF;
}

public static class LeSubevent
{
    public const byte ConnectionComplete = 0x01;
    public const byte AdvertisingReport = 0x02;
    public const byte ConnectionUpdateComplete = 0x03;
    public const byte ReadRemoteFeaturesComplete = 0x04;
    public const byte LongTermKeyRequest = 0x05;
    public const byte DataLengthChange = 0x07;
    public const byte EnhancedConnectionComplete = 0x0A;
    public const byte PhyUpdateComplete = 0x0C;
    public const byte ChannelSelectionAlgorithm = 0x14;
}

/// <summary>HCI status and error codes, Core spec Vol 1 Part F.</summary>
public static class Status
{
    public const byte Success = 0x00;
    public const byte UnknownCommand = 0x01;
    public const byte UnknownConnectionId = 0x02;
    public const byte HardwareFailure = 0x03;
    public const byte PinOrKeyMissing = 0x06;
    public const byte MemoryCapacityExceeded = 0x07;
    public const byte ConnectionTimeout = 0x08;
    public const byte CommandDisallowed = 0x0C;
    public const byte InvalidParameters = 0x12;
    public const byte LmpPduNotAllowed = 0x24;
    public const byte RemoteUserTerminated = 0x13;
    public const byte LocalHostTerminated = 0x16;
    public const byte UnsupportedRemoteFeature = 0x1A;
    public const byte UnspecifiedError = 0x1F;
    public const byte InstantPassed = 0x28;
    public const byte ConnectionTerminatedMicFailure = 0x3D;
    public const byte ConnectionFailedToBeEstablished = 0x3E;
    public const byte UnknownAdvertisingIdentifier = 0x42;
    public const byte OperationCancelledByHost = 0x44;
}
