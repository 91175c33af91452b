using System.CommandLine;
using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Generator.Usage;
using Zblegen.Scan;

namespace Zblegen.Cli.Commands;

/// <summary>zblegen scan: read the upstream trees once, write snapshots that later verbs use without them.</summary>
internal static class ScanCommand
{
    public static Command Create(TextWriter stdout)
    {
        var trees = new UpstreamOptions();
        var output = new Option<string?>("--out") { Description = "Snapshot folder (default: bindings/snapshots)" };
        var noUsage = new Option<bool>("--no-usage") { Description = "Skip the usage analysis (it parses every host source of every profile and port, about a minute)" };
        var cmd = new Command("scan", "Scan MicroPython's modbluetooth.h and the Zephyr host sources into bindings/snapshots") { trees.MicroPython, trees.Zephyr, output, noUsage };
        cmd.SetAction(parse =>
        {
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var locator = UpstreamLocator.ForProcess(repo);
            var mp = trees.Require(parse, locator, TreeKind.MicroPython);
            var zb = trees.Require(parse, locator, TreeKind.Zephyr);
            var outDir = parse.GetValue(output) ?? repo.Snapshots;
            var written = new Scanner(stdout).Run(mp, zb, outDir);
            // Usage needs the generated headers, so it runs after the snapshots generate reads are in place.
            if (!parse.GetValue(noUsage))
            {
                var usageOut = new AtomicOutput(outDir);
                new UsageScan(repo, stdout).Run(zb, mp, usageOut);
                written = written.Concat(usageOut.Commit()).ToArray();
            }
            foreach (var path in written)
                stdout.WriteLine($"wrote {Path.Combine(outDir, path)}");
            return 0;
        });
        return cmd;
    }
}
