using System.Collections.Immutable;
using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

/// <summary>
/// Ways real controllers differ from ours (a feature they lack) or depart from what they advertise or from
/// the spec, each one a profile a controller can be given so hosts are tested against it. README.md says
/// which chip each stands for.
/// </summary>
[Flags]
public enum Quirk
{
    None = 0,
    /// <summary>Lists LE 2M PHY and LE Set PHY but never answers LE Set PHY.</summary>
    IgnorePhy = 1 << 0,
    /// <summary>Lists LE 2M PHY but answers LE Set PHY and LE Set Default PHY with Unknown HCI Command.</summary>
    UnknownPhy = 1 << 1,
    /// <summary>Drops the link with Instant Passed when a data length update completes.</summary>
    InstantPassedDle = 1 << 2,
    /// <summary>Drops the link with Instant Passed when a PHY update completes.</summary>
    InstantPassedPhy = 1 << 3,
    /// <summary>Read BD_ADDR answers 00:00:00:00:00:00.</summary>
    NoPublicAddress = 1 << 4,
    /// <summary>Every command's answer comes <see cref="ControllerQuirks.SlowAnswersMs"/> late.</summary>
    SlowAnswers = 1 << 5,
    /// <summary>The H4 stream towards the host is cut and joined at arbitrary points.</summary>
    FragmentedH4 = 1 << 6,
    /// <summary>Vendor-specific events, and LE events the host left masked, now and then.</summary>
    VendorEvents = 1 << 7,
    /// <summary>HCI Reset also loses the public address.</summary>
    ResetLosesState = 1 << 8,
    /// <summary>Lists no LL Privacy (LE feature bit 6): the host resolves addresses itself.</summary>
    NoLlPrivacy = 1 << 9,
    /// <summary>Each answer to HCI Reset comes after the first bytes of an event that never ends.</summary>
    TornFrameOnReset = 1 << 10,
}

/// <summary>What a quirk makes of a command's answer.</summary>
public enum QuirkAnswer
{
    /// <summary>As the command table says.</summary>
    Normal,
    /// <summary>No Command Complete or Status, nor anything else.</summary>
    Never,
    /// <summary>Unknown HCI Command, in the event the command's entry declares.</summary>
    UnknownCommand,
}

/// <summary>The quirks of one controller: none by default.</summary>
public sealed record ControllerQuirks
{
    public const int DefaultSlowAnswersMs = 50;

    public static readonly ControllerQuirks None = new();

    /// <summary>CLI names, in the order the README lists them.</summary>
    public static readonly ImmutableArray<(string Name, Quirk Kind)> Names =
    [
        ("ignore-phy", Quirk.IgnorePhy),
        ("unknown-phy", Quirk.UnknownPhy),
        ("instant-passed-dle", Quirk.InstantPassedDle),
        ("instant-passed-phy", Quirk.InstantPassedPhy),
        ("no-public-address", Quirk.NoPublicAddress),
        ("slow-answers", Quirk.SlowAnswers),
        ("fragmented-h4", Quirk.FragmentedH4),
        ("vendor-events", Quirk.VendorEvents),
        ("reset-loses-state", Quirk.ResetLosesState),
        ("no-ll-privacy", Quirk.NoLlPrivacy),
        ("torn-frame-on-reset", Quirk.TornFrameOnReset),
    ];

    public Quirk Kinds { get; init; }
    /// <summary>How late slow-answers sends each Command Complete/Status, in virtual time.</summary>
    public int SlowAnswersMs { get; init; } = DefaultSlowAnswersMs;

    public bool Has(Quirk q) => (Kinds & q) != 0;

    /// <summary>The PHY quirks only mean something on a controller that lists LE 2M PHY.</summary>
    public bool ListsLe2MPhy => Has(Quirk.IgnorePhy | Quirk.UnknownPhy | Quirk.InstantPassedPhy);

    public QuirkAnswer AnswerTo(ushort opcode) => opcode switch
    {
        Op.LeSetPhy when Has(Quirk.IgnorePhy) => QuirkAnswer.Never,
        Op.LeSetPhy or Op.LeSetDefaultPhy when Has(Quirk.UnknownPhy) => QuirkAnswer.UnknownCommand,
        _ => QuirkAnswer.Normal,
    };

    public ControllerQuirks With(ControllerQuirks other) => new()
    {
        Kinds = Kinds | other.Kinds,
        SlowAnswersMs = other.Has(Quirk.SlowAnswers) ? other.SlowAnswersMs : SlowAnswersMs,
    };

    public override string ToString() => Kinds == Quirk.None ? "none"
        : string.Join(",", Names.Where(n => Has(n.Kind)).Select(n => n.Kind == Quirk.SlowAnswers && SlowAnswersMs != DefaultSlowAnswersMs ? $"{n.Name}={SlowAnswersMs}" : n.Name));

    /// <summary>
    /// Quirks per controller from <c>NAME[,NAME...]</c>: a plain name applies to every controller,
    /// <c>N:NAME</c> to controller N only; <c>slow-answers=MS</c> sets the delay. Throws
    /// <see cref="FormatException"/> with a one-line message naming the known quirks.
    /// </summary>
    public static IReadOnlyList<ControllerQuirks> Parse(IEnumerable<string> specs, int controllers)
    {
        var result = Enumerable.Repeat(None, controllers).ToArray();
        foreach (var item in specs.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var (target, body) = SplitTarget(item, controllers);
            var q = ParseOne(body);
            for (var i = 0; i < controllers; i++)
                if (target == null || target == i)
                    result[i] = result[i].With(q);
        }
        return result;
    }

    private static (int? Target, string Body) SplitTarget(string item, int controllers)
    {
        var colon = item.IndexOf(':');
        if (colon < 0)
            return (null, item);
        if (!int.TryParse(item[..colon], out var n) || n < 0 || n >= controllers)
            throw new FormatException($"quirk {item}: controller {item[..colon]} does not exist; give 0 to {controllers - 1}");
        return (n, item[(colon + 1)..]);
    }

    private static ControllerQuirks ParseOne(string body)
    {
        var eq = body.IndexOf('=');
        var name = eq < 0 ? body : body[..eq];
        var kind = Names.FirstOrDefault(n => n.Name == name).Kind;
        if (kind == Quirk.None)
            throw new FormatException($"unknown quirk {name}; known: {string.Join(", ", Names.Select(n => n.Name))}");
        if (eq < 0)
            return new() { Kinds = kind };
        if (kind != Quirk.SlowAnswers || !int.TryParse(body[(eq + 1)..], out var ms) || ms is < 0 or > 10_000)
            throw new FormatException($"quirk {body}: only slow-answers takes a value, in ms from 0 to 10000 (slow-answers=200)");
        return new() { Kinds = kind, SlowAnswersMs = ms };
    }
}
