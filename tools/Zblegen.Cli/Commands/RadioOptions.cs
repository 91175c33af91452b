using System.CommandLine;
using Zblegen.Core;
using Zblegen.Emulator.Controller;

namespace Zblegen.Cli.Commands;

/// <summary>What the simulated radio is given: loss, seed and quirks (one entry per controller), validated.</summary>
internal sealed record RadioSettings(double Loss, int Seed, IReadOnlyList<ControllerQuirks> Quirks);

/// <summary>--loss, --seed and --quirk, declared once for every verb that starts the emulator (emulate, multitest, run).</summary>
internal sealed class RadioOptions
{
    public Option<double> Loss { get; } = new("--loss") { Description = "Probability that a packet on air is lost (0 to 1)" };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for loss and timing jitter", DefaultValueFactory = _ => 1 };
    public Option<string[]> Quirk { get; } = QuirkOption.Create();

    public IEnumerable<Option> All => [Loss, Seed, Quirk];

    /// <summary>The settings, or the one-line error for a bad value; reads no tree, so it goes before any build.</summary>
    public RadioSettings Parse(ParseResult parse, int controllers)
    {
        var quirks = QuirkOption.Parse(parse.GetValue(Quirk), controllers);
        var p = parse.GetValue(Loss);
        if (p is < 0 or > 1)
            throw new ZblegenException($"--loss {p}: give a probability from 0 to 1");
        return new RadioSettings(p, parse.GetValue(Seed), quirks);
    }
}
