using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

/// <summary>
/// Resolvable private addresses (Core spec Vol 6 Part B §1.3.2.2, Vol 3 Part H §2.2.2): the upper
/// 24 bits are prand (its two top bits 0b01), the lower 24 the hash ah(IRK, prand). Keys and
/// addresses are least significant byte first, as HCI carries them.
/// </summary>
public static class ResolvablePrivateAddress
{
    /// <summary>ah(k, r) = e(k, padding ‖ r) mod 2^24: the three low octets of AES-128 of prand padded with zeros.</summary>
    public static byte[] Hash(byte[] irk, ReadOnlySpan<byte> prand)
    {
        var block = new byte[16];
        prand[..3].CopyTo(block);
        return VirtualController.Aes128(irk, block)[..3];
    }

    /// <summary>A fresh RPA of <paramref name="irk"/>: 22 random bits of prand, then its hash.</summary>
    public static BdAddr Generate(byte[] irk, Random rng)
    {
        var prand = new byte[3];
        rng.NextBytes(prand);
        prand[2] = (byte)((prand[2] & 0x3F) | 0x40);
        return new BdAddr([.. Hash(irk, prand), .. prand]);
    }

    /// <summary>A random address whose two top bits are 0b01.</summary>
    public static bool Is(DeviceAddress a) => a.Type == 1 && (a.Addr.Bytes[5] & 0xC0) == 0x40;

    /// <summary>Whether <paramref name="a"/> was generated from <paramref name="irk"/>.</summary>
    public static bool Resolves(DeviceAddress a, byte[] irk) =>
        Is(a) && Hash(irk, a.Addr.Bytes.AsSpan(3, 3)).AsSpan().SequenceEqual(a.Addr.Bytes.AsSpan(0, 3));

    /// <summary>An all-zero IRK: the entry generates and resolves nothing.</summary>
    public static bool IsZeroKey(byte[] irk) => !irk.AsSpan().ContainsAnyExcept((byte)0);
}
