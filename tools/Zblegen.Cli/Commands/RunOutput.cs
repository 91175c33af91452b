using Zblegen.Emulator.Run;

namespace Zblegen.Cli.Commands;

/// <summary>
/// The instances' output interleaved line by line, each line behind its instance's prefix (padded to one width, in
/// the instance's colour when the output is a terminal); an instance that ends says how.
/// </summary>
internal sealed class RunOutput : IRunObserver
{
    // Bright cyan, magenta, yellow, green, blue, red: distinct on dark and light backgrounds.
    private static readonly string[] Colours = ["\e[96m", "\e[95m", "\e[93m", "\e[92m", "\e[94m", "\e[91m"];
    private const string Reset = "\e[0m";
    private const string Dim = "\e[2m";
    private readonly TextWriter _out;
    private readonly IReadOnlyList<string> _prefixes;
    private readonly bool _colour;

    public RunOutput(TextWriter output, IReadOnlyList<string> prefixes, bool colour)
    {
        _out = output;
        var width = prefixes.Max(p => p.Length);
        _prefixes = prefixes.Select((p, i) => colour ? $"{Colours[i % Colours.Length]}{p.PadRight(width)} |{Reset} " : $"{p.PadRight(width)} | ").ToList();
        _colour = colour;
    }

    /// <summary>Colour only for a terminal, and never when NO_COLOR is set (no-color.org).</summary>
    public static bool ColourFor(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public void Line(int instance, string text, bool stderr)
    {
        _out.WriteLine(_prefixes[instance] + text);
        _out.Flush();
    }

    public void Exited(InstanceExit exit)
    {
        var how = exit.ExitCode > 128 ? $"killed by signal {exit.ExitCode - 128}" : $"exit {exit.ExitCode}";
        _out.WriteLine(_prefixes[exit.Index] + (_colour ? $"{Dim}[{how}]{Reset}" : $"[{how}]"));
        _out.Flush();
    }
}
