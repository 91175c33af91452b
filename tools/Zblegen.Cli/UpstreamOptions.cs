using System.CommandLine;
using Zblegen.Core;

namespace Zblegen.Cli;

/// <summary>
/// --micropython and --zephyr, declared once so every verb that reads the trees offers them with the same help,
/// which is UpstreamLocator's own search order. A verb adds the ones it reads.
/// </summary>
internal sealed class UpstreamOptions
{
    public Option<string?> MicroPython { get; } = Create(TreeKind.MicroPython);
    public Option<string?> Zephyr { get; } = Create(TreeKind.Zephyr);

    private static Option<string?> Create(TreeKind kind) =>
        new(UpstreamLocator.Names(kind).Option) { Description = UpstreamLocator.SearchOrder(kind), HelpName = "DIR" };

    /// <summary>The folder given on the command line, or null to let the locator search.</summary>
    public string? Given(ParseResult parse, TreeKind kind) => parse.GetValue(kind == TreeKind.MicroPython ? MicroPython : Zephyr);

    /// <summary>The tree the command line names or the search finds, or the error saying where to put it.</summary>
    public UpstreamTree Require(ParseResult parse, UpstreamLocator locator, TreeKind kind) => locator.Require(kind, Given(parse, kind));
}
