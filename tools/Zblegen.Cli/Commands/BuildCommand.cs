using System.CommandLine;
using Zblegen.Build;
using Zblegen.Core;

namespace Zblegen.Cli.Commands;

internal static class BuildCommand
{
    public static Command Create(TextWriter stdout)
    {
        var board = new Option<string>("--board") { Description = "Board to build for (unix)", Required = true };
        var stack = new Option<string>("--stack") { Description = "BLE host stack: nimble, btstack or zephyr", DefaultValueFactory = _ => "nimble" };
        var micropython = new Option<string?>("--micropython") { Description = "MicroPython tree (default: MICROPY_DIR, ../upstream/micropython, ~/.cache/zblegen/upstream/micropython)" };
        var profile = new Option<string?>("--profile") { Description = "Profile of the zephyr stack's integration, rendered into the build cache (default: the committed extmod-out, profile gatt)" };
        var zephyr = new Option<string?>("--zephyr") { Description = "Zephyr tree for --stack/--hosts zephyr (default: ZEPHYR_BASE, ../upstream/zephyrproject/zephyr, ~/.cache/zblegen/upstream/zephyrproject/zephyr)" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Run make even if a binary is cached" };
        var cmd = new Command("build", "Build MicroPython firmware with a BLE host, using MicroPython's own make and no patches")
        {
            board, stack, micropython, zephyr, profile, rebuild,
        };
        cmd.SetAction(parse =>
        {
            var b = parse.GetValue(board)!;
            if (!b.Equals("unix", StringComparison.OrdinalIgnoreCase))
                throw new ZblegenException($"--board {b}: only unix is built so far; use --board unix");
            var s = HostStacks.Parse(parse.GetValue(stack)!);
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var locator = UpstreamLocator.ForProcess(repo);
            var tree = locator.Require(TreeKind.MicroPython, parse.GetValue(micropython));
            var zephyrTree = s == HostStack.Zephyr ? locator.Require(TreeKind.Zephyr, parse.GetValue(zephyr)) : null;
            var cacheRoot = UnixBuilder.DefaultCacheRoot(ProcessEnvironment.Instance);
            var builder = new UnixBuilder(repo, tree, cacheRoot, m => stdout.WriteLine(m), zephyrTree, ZephyrModules.For(repo, parse.GetValue(profile), cacheRoot));
            var bin = builder.FindOrBuild(s, parse.GetValue(rebuild));
            stdout.WriteLine($"unix {s.Name()}: {bin.Path}{(bin.Built ? "" : " (cached; --rebuild to make again)")}");
            return 0;
        });
        return cmd;
    }
}
