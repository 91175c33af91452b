using System.CommandLine;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;

namespace Zblegen.Cli.Commands;

internal static class MultitestCommand
{
    public static Command Create(TextWriter stdout)
    {
        var hosts = new Option<string>("--hosts") { Description = "Host stack of each instance, e.g. nimble,nimble or nimble,btstack (zephyr also reads the Zephyr tree); qemu-zephyr runs the Zephyr firmware of the board QEMU emulates (MPS2_AN500)", DefaultValueFactory = _ => "nimble,nimble" };
        var trees = new UpstreamOptions();
        var profile = new Option<string?>("--profile") { Description = "Profile of the zephyr stack's integration, rendered into the build cache (default: the committed extmod-out, profile gatt)" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Run make for the host binaries even if they are cached" };
        var bothOrders = new Option<bool>("--both-orders") { Description = "Also run with the instances swapped" };
        var runs = new Option<int>("--runs") { Description = "Run everything this many times", DefaultValueFactory = _ => 1 };
        var loss = new Option<double>("--loss") { Description = "Probability that a packet on air is lost" };
        var seed = new Option<int>("--seed") { Description = "Seed for loss and jitter", DefaultValueFactory = _ => 1 };
        var captures = new Option<string?>("--captures") { Description = $"Where btsnoop captures of failed tests are kept (default: {Path.Combine(CacheFolders.InHome("~").Multitest, "captures")})" };
        var verbose = new Option<bool>("--verbose") { Description = "Log each test as it ends, and the emulator's drops" };
        var quirk = QuirkOption.Create();
        var tests = new Argument<string[]>("tests") { Description = "Tests in tests/multi_bluetooth (name or name.py); default: all", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("multitest", "Run MicroPython's tests/multi_bluetooth on unix instances against the emulator and print a table of results")
        {
            hosts, trees.MicroPython, trees.Zephyr, profile, rebuild, bothOrders, runs, loss, seed, captures, verbose, quirk, tests,
        };
        cmd.SetAction(parse =>
        {
            var kinds = parse.GetValue(hosts)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MultitestHostKind.Parse).ToList();
            var stacks = kinds.Select(k => k.Stack).ToList();
            if (stacks.Count < 2)
                throw new ZblegenException($"--hosts {parse.GetValue(hosts)}: the BLE multitests need two instances, e.g. --hosts nimble,nimble");
            // Before any tree or build: a mistyped quirk should not cost a build.
            var quirks = QuirkOption.Parse(parse.GetValue(quirk), stacks.Count);
            var env = ProcessEnvironment.Instance;
            var repo = RepoLayout.Find(env);
            var locator = UpstreamLocator.ForProcess(repo);
            var tree = trees.Require(parse, locator, TreeKind.MicroPython);
            var zephyrTree = stacks.Contains(HostStack.Zephyr) ? trees.Require(parse, locator, TreeKind.Zephyr) : null;
            var all = MultitestRunner.AllTests(tree.Root);
            // By default, leave out what cannot run on unix at all (deepsleep); name it to run it anyway.
            var wanted = parse.GetValue(tests) is { Length: > 0 } t
                ? t.Select(x => Path.GetFileName(x.EndsWith(".py") ? x[..^3] : x)).ToList()
                : all.Where(x => !MultitestRunner.NotRunnableOnUnix.Contains(x)).ToList();
            foreach (var w in wanted.Where(w => !all.Contains(w)))
                throw new ZblegenException($"{w}: no such test in {Path.Combine(tree.Root, "tests", "multi_bluetooth")}; pick one of {string.Join(", ", all)}");
            var cacheRoot = CacheFolders.For(env).Build;
            var builder = new UnixBuilder(repo, tree, cacheRoot, m => stdout.WriteLine(m), zephyrTree, ZephyrModules.For(repo, parse.GetValue(profile), cacheRoot));
            var binaries = kinds.Where(k => !k.Qemu).Select(k => k.Stack).Distinct().ToDictionary(s => s, s => builder.FindOrBuild(s, parse.GetValue(rebuild)).Path);
            var firmware = kinds.Any(k => k.Qemu) ? MultitestHostKind.BuildQemuFirmware(repo, tree, zephyrTree!, cacheRoot, parse.GetValue(profile), m => stdout.WriteLine(m)) : null;
            var p = parse.GetValue(loss);
            if (p is < 0 or > 1)
                throw new ZblegenException($"--loss {p}: give a probability from 0 to 1");
            var cache = CacheFolders.For(env).Multitest;
            var work = Path.Combine(Path.GetTempPath(), $"zblegen-multitest-{Environment.ProcessId}");
            var verboseLog = parse.GetValue(verbose);
            var runner = new MultitestRunner(new MultitestOptions(
                tree.Root,
                kinds.Select(k => k.Qemu ? firmware! : new HostBinary(k.Name, binaries[k.Stack])).ToList(),
                wanted,
                work,
                parse.GetValue(captures) ?? Path.Combine(cache, "captures"),
                parse.GetValue(bothOrders),
                Math.Max(1, parse.GetValue(runs)),
                p,
                parse.GetValue(seed),
                Quirks: quirks), m => { if (verboseLog) stdout.WriteLine(m); });
            var results = new List<MultitestResult>();
            try
            {
                foreach (var r in runner.Run())
                {
                    results.Add(r);
                    if (!verboseLog)
                        stdout.WriteLine($"{r.Test} [{r.Order}]: {r.Outcome} ({r.Duration.TotalSeconds:F1} s){(r.Captures.Count > 0 ? $", captures: {string.Join(" ", r.Captures)}" : "")}");
                }
            }
            finally
            {
                try { Directory.Delete(work, true); } catch (IOException) { }
            }
            stdout.WriteLine();
            stdout.Write(MultitestRunner.Table(results));
            return results.All(r => r.Passed || MultitestRunner.KnownLimit(r) != null) ? 0 : 1;
        });
        return cmd;
    }
}
