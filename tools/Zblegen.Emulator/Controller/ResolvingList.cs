using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

/// <summary>LE Set Privacy Mode (Core spec Vol 6 Part B §4.7): what an identity address from a peer with an IRK means.</summary>
public enum PrivacyMode : byte
{
    /// <summary>The peer only ever uses RPAs: its identity address on air is ignored.</summary>
    Network = 0,
    /// <summary>The peer's identity address is accepted too.</summary>
    Device = 1,
}

/// <summary>An address as the host hears of it: the identity (types 2 and 3 when resolved from an RPA) and the RPA it came as.</summary>
public readonly record struct SeenAddress(DeviceAddress Reported, BdAddr? Rpa)
{
    /// <summary>The identity with its on-air type (0 public, 1 random), as filter accept lists and Create Connection name devices.</summary>
    public DeviceAddress Identity => Reported.Type < 2 ? Reported : new DeviceAddress((byte)(Reported.Type - 2), Reported.Addr);
}

/// <summary>An address of ours for a role on air, and whether it is an RPA from the resolving list.</summary>
public readonly record struct LocalAddress(DeviceAddress OnAir, bool Resolvable)
{
    /// <summary>What Enhanced Connection Complete reports as Local_Resolvable_Private_Address.</summary>
    public BdAddr? Rpa => Resolvable ? OnAir.Addr : null;
}

/// <summary>One peer in the resolving list: its identity, both IRKs, and the RPAs in use.</summary>
public sealed class ResolvingListEntry(DeviceAddress identity, byte[] peerIrk, byte[] localIrk)
{
    public DeviceAddress Identity { get; } = identity;
    public byte[] PeerIrk { get; } = peerIrk;
    public byte[] LocalIrk { get; } = localIrk;
    public PrivacyMode Mode { get; set; } = PrivacyMode.Network;
    /// <summary>Ours towards this peer, regenerated on the RPA timeout; null with an all-zero local IRK.</summary>
    public BdAddr? LocalRpa { get; set; }
    /// <summary>The peer's RPA last resolved with this entry.</summary>
    public BdAddr? PeerRpa { get; set; }
}

/// <summary>
/// The resolving list and address resolution in the link layer (Core spec Vol 6 Part B §4.7, Vol 4
/// Part E §7.8.38–7.8.46, §7.8.77): local RPAs generated from the local IRKs, peers' RPAs resolved to
/// their identities while resolution is enabled.
/// </summary>
public sealed class ResolvingList(int capacity)
{
    /// <summary>900 s, the default of LE Set Resolvable Private Address Timeout.</summary>
    public const int DefaultTimeoutS = 900;

    private readonly List<ResolvingListEntry> _entries = [];

    public int Capacity { get; } = capacity;
    public IReadOnlyList<ResolvingListEntry> Entries => _entries;
    /// <summary>LE Set Address Resolution Enable; off after reset.</summary>
    public bool Enabled { get; set; }
    public int TimeoutS { get; set; } = DefaultTimeoutS;
    /// <summary>An entry has a local IRK, so local RPAs need rotating.</summary>
    public bool GeneratesRpas => _entries.Any(e => e.LocalRpa != null);

    // Loops, not lambdas, in what the link layer calls per PDU heard: a lambda capturing a parameter costs
    // an allocation on every call (12 B per advertising report with 32 scanners, Benchmarks.cs).
    public ResolvingListEntry? Find(DeviceAddress identity)
    {
        foreach (var e in _entries)
            if (e.Identity.Equals(identity))
                return e;
        return null;
    }

    /// <summary>A status: an identity already listed is refused, as NimBLE's and Zephyr's controllers do, so a host knows its new keys are not used.</summary>
    public byte Add(DeviceAddress identity, byte[] peerIrk, byte[] localIrk, Random rng)
    {
        if (Find(identity) != null)
            return Status.InvalidParameters;
        if (_entries.Count >= Capacity)
            return Status.MemoryCapacityExceeded;
        var e = new ResolvingListEntry(identity, peerIrk, localIrk);
        if (!ResolvablePrivateAddress.IsZeroKey(localIrk))
            e.LocalRpa = ResolvablePrivateAddress.Generate(localIrk, rng);
        _entries.Add(e);
        return Status.Success;
    }

    public bool Remove(DeviceAddress identity) => _entries.RemoveAll(e => e.Identity.Equals(identity)) > 0;

    public void Clear() => _entries.Clear();

    /// <summary>Back to the state after HCI Reset.</summary>
    public void Reset()
    {
        _entries.Clear();
        Enabled = false;
        TimeoutS = DefaultTimeoutS;
    }

    /// <summary>The RPA timeout expired: every entry with a local IRK gets a fresh local RPA.</summary>
    public void Regenerate(Random rng)
    {
        foreach (var e in _entries)
            if (e.LocalRpa != null)
                e.LocalRpa = ResolvablePrivateAddress.Generate(e.LocalIrk, rng);
    }

    /// <summary>
    /// What the link layer makes of an address heard on air, or null when it must ignore the PDU: an
    /// RPA one of the peer IRKs resolves becomes that identity (type 2 or 3); an identity address of a peer
    /// with an IRK in network privacy mode is ignored. Nothing changes while resolution is disabled.
    /// </summary>
    public SeenAddress? Identify(DeviceAddress onAir)
    {
        if (!Enabled)
            return new SeenAddress(onAir, null);
        if (ResolvablePrivateAddress.Is(onAir))
        {
            foreach (var e in _entries)
            {
                if (ResolvablePrivateAddress.IsZeroKey(e.PeerIrk) || !ResolvablePrivateAddress.Resolves(onAir, e.PeerIrk))
                    continue;
                e.PeerRpa = onAir.Addr;
                return new SeenAddress(new DeviceAddress((byte)(e.Identity.Type + 2), e.Identity.Addr), onAir.Addr);
            }
            return new SeenAddress(onAir, null);
        }
        var listed = Find(onAir);
        if (listed != null && listed.Mode == PrivacyMode.Network && !ResolvablePrivateAddress.IsZeroKey(listed.PeerIrk))
            return null;
        return new SeenAddress(onAir, null);
    }

    /// <summary>An RPA one of our local IRKs generated: a directed advertisement's TargetA meant for us.</summary>
    public bool IsLocal(DeviceAddress onAir)
    {
        if (!Enabled || !ResolvablePrivateAddress.Is(onAir))
            return false;
        foreach (var e in _entries)
            if (e.LocalRpa != null && ResolvablePrivateAddress.Resolves(onAir, e.LocalIrk))
                return true;
        return false;
    }
}
