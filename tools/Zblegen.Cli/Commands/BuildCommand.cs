using System.CommandLine;
using Spectre.Console;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Cli.Commands;

internal static class BuildCommand
{
    public static Command Create(TextWriter stdout)
    {
        var board = new Option<string>("--board") { Description = "What to build: unix (the unix port), or a board of bindings/build.json (firmware)", Required = true };
        var stack = new Option<string>("--stack") { Description = "BLE host stack: nimble, btstack or zephyr (zephyr also reads the Zephyr tree)", DefaultValueFactory = _ => "nimble" };
        var trees = new UpstreamOptions();
        var profile = new Option<string?>("--profile") { Description = "Profile of the zephyr stack's integration, rendered into the build cache (default: the committed extmod-out, profile " + ProfileLibrary.DefaultProfile + ")" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Run make even if a binary is cached" };
        var cmd = new Command("build", "Build MicroPython firmware with a BLE host, using MicroPython's own make and no patches")
        {
            board, stack, trees.MicroPython, trees.Zephyr, profile, rebuild,
        };
        cmd.SetAction(parse =>
        {
            var b = parse.GetValue(board)!;
            var s = HostStacks.Parse(parse.GetValue(stack)!);
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var locator = UpstreamLocator.ForProcess(repo);
            var tree = trees.Require(parse, locator, TreeKind.MicroPython);
            var zephyrTree = s == HostStack.Zephyr ? trees.Require(parse, locator, TreeKind.Zephyr) : null;
            var cacheRoot = CacheFolders.For(ProcessEnvironment.Instance).Build;
            if (!b.Equals("unix", StringComparison.OrdinalIgnoreCase))
                return BuildBoard(stdout, BoardSpec.Parse(TargetRegistry.Load(repo), b), s, repo, tree, zephyrTree, cacheRoot, parse.GetValue(profile));
            var builder = new UnixBuilder(repo, tree, cacheRoot, m => stdout.WriteLine(m), zephyrTree, ZephyrModules.For(repo, parse.GetValue(profile), cacheRoot));
            var bin = builder.FindOrBuild(s, parse.GetValue(rebuild));
            stdout.WriteLine($"unix {s.Name()}: {bin.Path}{(bin.Built ? "" : " (cached; --rebuild to make again)")}");
            return 0;
        });
        return cmd;
    }

    private static int BuildBoard(TextWriter stdout, BoardSpec board, HostStack stack, RepoLayout repo, UpstreamTree micropython,
        UpstreamTree? zephyr, string cacheRoot, string? profile)
    {
        var builder = new BoardBuilder(repo, micropython, cacheRoot, m => stdout.WriteLine(m), zephyr);
        var integration = stack == HostStack.Zephyr
            ? new Generator.IntegrationPipeline(repo).RenderIntoCache(profile ?? ProfileLibrary.DefaultProfile, board.IntegrationPort, Path.Combine(cacheRoot, "generated"))
            : null;
        var firmware = builder.Build(board, stack, integration, stack == HostStack.Zephyr ? profile ?? ProfileLibrary.DefaultProfile : "");
        stdout.WriteLine($"{board.Board} {stack.Name()}{(integration is null ? "" : $" (profile {profile ?? ProfileLibrary.DefaultProfile})")}: {firmware.Image}");
        // Beside the board's stock firmware when one was built in this cache (zblegen build --board B --stack nimble|btstack).
        var stock = board.StockStack ?? stack;
        var stockElf = Path.Combine(builder.BuildDir(board, stock, ""), "firmware.elf");
        var other = stack != stock && File.Exists(stockElf) ? FirmwareSize.Of(stockElf) : null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().AddColumn("bytes").AddColumn(new TableColumn(stack.Name()).RightAligned());
        if (other != null)
            table.AddColumn(new TableColumn(stock.Name()).RightAligned()).AddColumn(new TableColumn("ratio").RightAligned());
        void Row(string name, long mine, long? theirs) =>
            table.AddRow(other == null ? new[] { name, $"{mine:N0}" } : new[] { name, $"{mine:N0}", $"{theirs:N0}", theirs > 0 ? $"{(double)mine / theirs:F3}" : "" });
        Row("text (code, constants)", firmware.Size.Text, other?.Text);
        Row("data (flash and RAM)", firmware.Size.Data, other?.Data);
        Row("bss (RAM)", firmware.Size.Bss, other?.Bss);
        Row("flash", firmware.Size.Flash, other?.Flash);
        Row("static RAM", firmware.Size.Ram, other?.Ram);
        console.Write(table);
        return 0;
    }
}
