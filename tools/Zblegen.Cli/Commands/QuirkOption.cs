using System.CommandLine;
using Zblegen.Core;
using Zblegen.Emulator.Controller;

namespace Zblegen.Cli.Commands;

/// <summary>--quirk NAME[,NAME...] or N:NAME, shared by emulate and multitest.</summary>
internal static class QuirkOption
{
    public static Option<string[]> Create() => new("--quirk")
    {
        Description = $"Controller quirks ({string.Join(", ", ControllerQuirks.Names.Select(n => n.Name))}): NAME for every controller, "
                      + "N:NAME for controller N only, slow-answers=MS for the delay; repeat or join with commas",
    };

    /// <summary>Quirks per controller, or a one-line error naming the known quirks.</summary>
    public static IReadOnlyList<ControllerQuirks> Parse(string[]? values, int controllers)
    {
        try
        {
            return ControllerQuirks.Parse(values ?? [], controllers);
        }
        catch (FormatException e)
        {
            throw new ZblegenException($"--quirk: {e.Message}");
        }
    }
}
