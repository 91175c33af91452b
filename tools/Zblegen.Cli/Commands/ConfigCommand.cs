using System.CommandLine;
using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Cli.Commands;

/// <summary>zblegen config: evaluate Zephyr's Kconfig for a feature profile and write autoconf.h and .config.</summary>
internal static class ConfigCommand
{
    public static Command Create(TextWriter stdout)
    {
        var profile = new Option<string?>("--profile") { Description = "Feature profile: the name of a bindings/profiles/*.conf" };
        var port = new Option<string?>("--port") { Description = "Port overlay: the name of a bindings/profiles/ports/*.conf (a port of bindings/build.json)" };
        var trees = new UpstreamOptions();
        var output = new Option<string?>("--out") { Description = "Output folder (default: out/config/PROFILE[-PORT]; with --snapshots: bindings/snapshots/zephyr-VERSION)" };
        var snapshots = new Option<bool>("--snapshots") { Description = "Evaluate every profile and port overlay and write their profile-*.json snapshots (values, autoconf lines, host sources, include dirs)" };
        var cmd = new Command("config", "Evaluate Zephyr's Kconfig for a profile; write zephyr/autoconf.h and .config; explain requested values that did not take") { profile, port, trees.Zephyr, output, snapshots };
        cmd.SetAction(parse =>
        {
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            if (parse.GetValue(snapshots))
                return WriteSnapshots(repo, trees.Given(parse, TreeKind.Zephyr), parse.GetValue(output), stdout);
            var library = ProfileLibrary.ForRepo(repo);
            var name = parse.GetValue(profile) ?? throw new ZblegenException($"config: pass --profile NAME ({string.Join(", ", library.Profiles)}) or --snapshots");
            var portName = parse.GetValue(port);
            var fragments = library.Fragments(name, portName);
            var outDir = parse.GetValue(output) ?? Path.Combine("out", "config", portName is null ? name : $"{name}-{portName}");
            var atomic = new AtomicOutput(outDir);
            atomic.EnsureWritable();
            var tree = trees.Require(parse, UpstreamLocator.ForProcess(repo), TreeKind.Zephyr);

            var result = ZephyrProfiles.Evaluate(tree, fragments);
            foreach (var note in result.NotHonoured)
                stdout.WriteLine($"note: {note}");
            atomic.Stage("zephyr/autoconf.h", result.Autoconf);
            atomic.Stage(".config", result.DotConfig);
            foreach (var path in atomic.Commit())
                stdout.WriteLine($"wrote {Path.Combine(atomic.Root, path)}");
            stdout.WriteLine($"{result.Requested.Count} values requested, {result.NotHonoured.Count} not honoured (Zephyr {tree.Version}, fragments: {string.Join(", ", fragments.Select(f => f.DisplayName))})");
            return 0;
        });
        return cmd;
    }

    private static int WriteSnapshots(RepoLayout repo, string? zephyrDir, string? outDir, TextWriter stdout)
    {
        var tree = UpstreamLocator.ForProcess(repo).Require(TreeKind.Zephyr, zephyrDir);
        var atomic = new AtomicOutput(outDir ?? Path.Combine(repo.Snapshots, $"zephyr-{tree.Version}"));
        atomic.EnsureWritable();
        foreach (var (file, json) in ProfileSnapshots.Render(tree, ProfileLibrary.ForRepo(repo)))
            atomic.Stage(file, json);
        foreach (var path in atomic.Commit())
            stdout.WriteLine($"wrote {Path.Combine(atomic.Root, path)}");
        return 0;
    }
}
