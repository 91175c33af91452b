using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

/// <summary>What a virtual controller reports about itself and how much it buffers.</summary>
public sealed record ControllerOptions
{
    public required BdAddr PublicAddress { get; init; }
    /// <summary>The static random address answered to Zephyr's vendor command 0xFC09.</summary>
    public required BdAddr StaticAddress { get; init; }
    public byte HciVersion { get; init; } = 0x0B;               // 5.2
    /// <summary>0x05F1 (The Linux Foundation) is what Zephyr controllers report; BTstack keys its vendor set-up on it.</summary>
    public ushort Manufacturer { get; init; } = 0x05F1;
    public ushort Subversion { get; init; } = 0x0401;
    /// <summary>Largest ACL payload the host may send, and the most the link layer carries in one PDU.</summary>
    public int AclDataLength { get; init; } = 251;
    public int AclBuffers { get; init; } = 8;
    /// <summary>ACL packets queued towards the host before the link layer stops acknowledging (NimBLE has 12 buffers).</summary>
    public int HostAclQueue { get; init; } = 8;
    /// <summary>ACL packets handed to the host per millisecond: the unix port polls its UART once a millisecond.</summary>
    public int HostAclPerMs { get; init; } = 4;
    public int FilterAcceptListSize { get; init; } = 8;
    public int ResolvingListSize { get; init; } = 8;
    public sbyte Rssi { get; init; } = -50;
    /// <summary>
    /// Lists LE 2M PHY and LE Set PHY. Off by default: hosts then never ask for a PHY update, as
    /// with the 1M-only controllers the multitests ran against so far. The PHY quirks turn it on.
    /// </summary>
    public bool Le2MPhy { get; init; }
    public ControllerQuirks Quirks { get; init; } = ControllerQuirks.None;

    /// <summary>Addresses derived from the controller's number, so each is unique and stable across runs.</summary>
    public static ControllerOptions ForIndex(int index) => new()
    {
        PublicAddress = new BdAddr([(byte)(index + 1), (byte)((index + 1) >> 8), 0x5A, 0xE1, 0xB1, 0x00]),
        StaticAddress = new BdAddr([(byte)(index + 1), (byte)((index + 1) >> 8), 0x5A, 0xE1, 0xB1, 0xC0]),
    };
}
