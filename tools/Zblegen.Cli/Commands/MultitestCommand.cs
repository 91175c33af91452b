using System.CommandLine;
using System.Runtime.InteropServices;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Multitest;

namespace Zblegen.Cli.Commands;

internal static class MultitestCommand
{
    public static Command Create(TextWriter stdout)
    {
        var hosts = new Option<string>("--hosts") { Description = "Host stack of each instance, e.g. nimble,nimble or nimble,btstack (zephyr also reads the Zephyr tree); qemu-zephyr runs the Zephyr firmware of the board QEMU emulates (MPS2_AN500)", DefaultValueFactory = _ => "nimble,nimble" };
        var unixHosts = new UnixHostOptions();
        var bothOrders = new Option<bool>("--both-orders") { Description = "Also run with the instances swapped" };
        var runs = new Option<int>("--runs") { Description = "Run everything this many times", DefaultValueFactory = _ => 1 };
        var radio = new RadioOptions();
        var captures = new Option<string?>("--captures") { Description = $"Where btsnoop captures of failed tests are kept (default: {Path.Combine(CacheFolders.InHome("~").Multitest, "captures")})" };
        var verbose = new Option<bool>("--verbose") { Description = "Log each test as it ends, and the emulator's drops" };
        var tests = new Argument<string[]>("tests") { Description = "Tests in tests/multi_bluetooth (name or name.py), or paths of other multitest files; default: all", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("multitest", "Run MicroPython's tests/multi_bluetooth on unix instances against the emulator and print a table of results")
        {
            hosts, bothOrders, runs, captures, verbose, tests,
        };
        foreach (var o in unixHosts.All.Concat(radio.All))
            cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var kinds = parse.GetValue(hosts)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MultitestHostKind.Parse).ToList();
            var stacks = kinds.Select(k => k.Stack).ToList();
            if (stacks.Count < 2)
                throw new ZblegenException($"--hosts {parse.GetValue(hosts)}: the BLE multitests need two instances, e.g. --hosts nimble,nimble");
            // Before any tree or build: a mistyped quirk should not cost a build.
            var air = radio.Parse(parse, stacks.Count);
            var trees = unixHosts.Locate(parse, stacks);
            var tree = trees.MicroPython;
            var all = MultitestRunner.AllTests(tree.Root);
            // By default, leave out what cannot run on unix at all (deepsleep); name it to run it anyway.
            // A test is a name in tests/multi_bluetooth, or the path of a multitest of ours (a .py beside its .py.exp).
            var wanted = parse.GetValue(tests) is { Length: > 0 } t
                ? t.Select(x => x.Contains('/') && File.Exists(x) ? Path.GetFullPath(x) : Path.GetFileName(x.EndsWith(".py") ? x[..^3] : x)).ToList()
                : all.Where(x => !MultitestRunner.NotRunnableOnUnix.Contains(x)).ToList();
            foreach (var w in wanted.Where(w => !Path.IsPathRooted(w) && !all.Contains(w)))
                throw new ZblegenException($"{w}: no such test in {Path.Combine(tree.Root, "tests", "multi_bluetooth")}; pick one of {string.Join(", ", all)}, or give the path of a multitest file");
            foreach (var w in wanted.Where(w => Path.IsPathRooted(w) && !File.Exists(w + ".exp")))
                throw new ZblegenException($"{w}: no {Path.GetFileName(w)}.exp beside it; run-multitests.py compares each instance's output with that file");
            var binaries = unixHosts.Binaries(parse, trees, kinds.Where(k => !k.Qemu).Select(k => k.Stack), m => stdout.WriteLine(m));
            var firmware = kinds.Any(k => k.Qemu)
                ? MultitestHostKind.BuildQemuFirmware(trees.Repo, tree, trees.Zephyr!, CacheFolders.For(ProcessEnvironment.Instance).Build, parse.GetValue(unixHosts.Profile), m => stdout.WriteLine(m))
                : null;
            var cache = CacheFolders.For(ProcessEnvironment.Instance).Multitest;
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
                air.Loss,
                air.Seed,
                Quirks: air.Quirks), m => { if (verboseLog) stdout.WriteLine(m); });
            var results = new List<MultitestResult>();
            // A signal ends zblegen without running the finally blocks that stop QEMU and the instances: stop them
            // first, then let the signal take its course.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => runner.Stop());
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => runner.Stop());
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
