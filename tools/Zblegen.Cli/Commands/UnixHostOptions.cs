using System.CommandLine;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Cli.Commands;

/// <summary>The trees unix hosts build from; the Zephyr tree only when a zephyr host is among them.</summary>
internal sealed record HostTrees(RepoLayout Repo, UpstreamTree MicroPython, UpstreamTree? Zephyr);

/// <summary>
/// The trees, --profile and --rebuild of the verbs that run MicroPython unix hosts on the emulator (multitest, run),
/// and the binaries they make: one per host stack, found in the build cache or built there.
/// </summary>
internal sealed class UnixHostOptions
{
    public UpstreamOptions Trees { get; } = new();
    public Option<string?> Profile { get; } = new("--profile") { Description = "Profile of the zephyr stack's integration, rendered into the build cache (default: the committed extmod-out, profile " + ProfileLibrary.DefaultProfile + ")" };
    public Option<bool> Rebuild { get; } = new("--rebuild") { Description = "Run make for the host binaries even if they are cached" };

    public IEnumerable<Option> All => [Trees.MicroPython, Trees.Zephyr, Profile, Rebuild];

    /// <summary>Every name in a comma-separated --hosts list.</summary>
    public static IReadOnlyList<HostStack> ParseStacks(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(HostStacks.Parse).ToList();

    public HostTrees Locate(ParseResult parse, IReadOnlyCollection<HostStack> stacks)
    {
        var repo = RepoLayout.Find(ProcessEnvironment.Instance);
        var locator = UpstreamLocator.ForProcess(repo);
        var micropython = Trees.Require(parse, locator, TreeKind.MicroPython);
        var zephyr = stacks.Contains(HostStack.Zephyr) ? Trees.Require(parse, locator, TreeKind.Zephyr) : null;
        return new HostTrees(repo, micropython, zephyr);
    }

    /// <summary>A binary per stack; make's progress goes to <paramref name="log"/>.</summary>
    public IReadOnlyDictionary<HostStack, string> Binaries(ParseResult parse, HostTrees trees, IEnumerable<HostStack> stacks, Action<string> log)
    {
        var cacheRoot = CacheFolders.For(ProcessEnvironment.Instance).Build;
        var builder = new UnixBuilder(trees.Repo, trees.MicroPython, cacheRoot, log, trees.Zephyr, ZephyrModules.For(trees.Repo, parse.GetValue(Profile), cacheRoot));
        return stacks.Distinct().ToDictionary(s => s, s => builder.FindOrBuild(s, parse.GetValue(Rebuild)).Path);
    }
}
