using System.CommandLine;
using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Cli.Commands;

/// <summary>zblegen config: evaluate Zephyr's Kconfig for a feature profile and write autoconf.h and .config.</summary>
internal static class ConfigCommand
{
    public static Command Create(TextWriter stdout)
    {
        var profile = new Option<string>("--profile") { Description = "Feature profile in bindings/profiles (minimal, connections, gatt, full)", Required = true };
        var port = new Option<string?>("--port") { Description = "Port overlay in bindings/profiles/ports (pybd_sf6, rpi_pico_w, unix)" };
        var zephyr = new Option<string?>("--zephyr") { Description = "Zephyr tree, ZEPHYR_BASE (else ZEPHYR_BASE, else ../upstream/zephyrproject/zephyr, else the user cache)" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: out/config/PROFILE[-PORT])" };
        var cmd = new Command("config", "Evaluate Zephyr's Kconfig for a profile; write zephyr/autoconf.h and .config; explain requested values that did not take") { profile, port, zephyr, output };
        cmd.SetAction(parse =>
        {
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var name = parse.GetValue(profile)!;
            var portName = parse.GetValue(port);
            var fragments = ProfileLibrary.ForRepo(repo).Fragments(name, portName);
            var outDir = parse.GetValue(output) ?? Path.Combine("out", "config", portName is null ? name : $"{name}-{portName}");
            var atomic = new AtomicOutput(outDir);
            atomic.EnsureWritable();
            var tree = UpstreamLocator.ForProcess(repo).Require(TreeKind.Zephyr, parse.GetValue(zephyr));

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
}
