namespace Zblegen.Emulator.LinkLayer;

/// <summary>How the shared medium misbehaves. A seed makes loss and jitter reproducible.</summary>
public sealed record RadioOptions(double LossProbability = 0.0, int Seed = 1);

/// <summary>
/// The shared medium: every controller's advertising PDUs reach every other controller's scanner
/// and initiator, each reception lost with the configured probability. Connections use it for loss
/// only; their PDUs go point to point through their <see cref="Link"/>.
/// </summary>
public sealed class Radio
{
    private readonly List<Controller.VirtualController> _stations = [];
    private readonly Random _rng;

    public Radio(VirtualClock clock, RadioOptions options)
    {
        Clock = clock;
        Options = options;
        _rng = new Random(options.Seed);
    }

    public VirtualClock Clock { get; }
    public RadioOptions Options { get; private set; }
    public IReadOnlyList<Controller.VirtualController> Stations => _stations;

    /// <summary>Fault injection: change the loss probability while running.</summary>
    public void SetLoss(double probability) => Options = Options with { LossProbability = probability };

    public void Attach(Controller.VirtualController c) => _stations.Add(c);

    /// <summary>Draws whether one packet is lost.</summary>
    public bool Lost() => Options.LossProbability > 0 && _rng.NextDouble() < Options.LossProbability;

    /// <summary>Random jitter, e.g. advDelay (0–10 ms).</summary>
    public long JitterUs(long maxUs) => (long)(_rng.NextDouble() * maxUs);

    public ulong NextRandom() => (ulong)_rng.NextInt64();

    /// <summary>One advertising PDU from <paramref name="from"/>, heard by everyone else listening.</summary>
    internal void Advertise(Advertiser from, AdvertisingPdu pdu)
    {
        foreach (var s in _stations)
        {
            if (ReferenceEquals(s.Advertiser, from))
                continue;
            if (from.Closed)
                return; // an initiator earlier in this loop connected to it
            s.Initiator?.Hear(from, pdu);
            s.Scanner?.Hear(from, pdu);
        }
    }
}
