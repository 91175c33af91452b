using System.CommandLine;
using System.Runtime.InteropServices;
using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Emulator.Run;
using Zblegen.Emulator.Transport;

namespace Zblegen.Cli.Commands;

internal static class RunCommand
{
    /// <summary>Where aioble lives in a MicroPython tree (its micropython-lib submodule): after the --path folders, so import aioble works unchanged.</summary>
    public static string AiobleDir(string microPythonRoot) =>
        Path.Combine(microPythonRoot, "lib", "micropython-lib", "micropython", "bluetooth", "aioble");

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var scripts = new Argument<string[]>("scripts") { Description = "MicroPython scripts, each run in its own unix instance on its own emulated controller", Arity = ArgumentArity.ZeroOrMore };
        var repl = new Option<bool>("--repl") { Description = "Also open an interactive REPL on a controller of its own (the first of --hosts); the run ends when it does" };
        var hosts = new Option<string>("--hosts") { Description = "Host stack of each instance in order (REPL first), e.g. zephyr,nimble; one name applies to all", DefaultValueFactory = _ => "zephyr", HelpName = "A,B,..." };
        var snoop = new Option<string?>("--snoop") { Description = "Keep a btsnoop capture per controller in this folder (controller-N.btsnoop, N the instance)", HelpName = "DIR" };
        var path = new Option<string[]>("--path") { Description = "A folder of modules to import (put before MicroPython's own path); repeat for more. aioble from the MicroPython tree is always there", HelpName = "DIR" };
        var timeout = new Option<double?>("--timeout") { Description = "Stop every instance after this many seconds (exit 124)", HelpName = "S" };
        var verbose = new Option<bool>("--verbose") { Description = "Log the emulator's drops and each instance's pid and pty" };
        var unixHosts = new UnixHostOptions();
        var radio = new RadioOptions();
        var cmd = new Command("run", "Run your own MicroPython BLE scripts, each on its own emulated controller on one simulated radio, their output interleaved")
        {
            scripts, repl, hosts, snoop, path, timeout, verbose,
        };
        foreach (var o in radio.All.Concat(unixHosts.All))
            cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            // Everything a user can mistype is checked before a tree is looked for or a binary built.
            var files = (parse.GetValue(scripts) ?? []).Select(Path.GetFullPath).ToList();
            var withRepl = parse.GetValue(repl);
            if (files.Count == 0 && !withRepl)
                throw new ZblegenException("run: no script given; name one or more scripts (zblegen run peripheral.py central.py), or use --repl");
            foreach (var f in files.Where(f => !File.Exists(f)))
                throw new ZblegenException($"{f}: no such script; give the path of a MicroPython .py file");
            var folders = (parse.GetValue(path) ?? []).Select(Path.GetFullPath).ToList();
            foreach (var d in folders.Where(d => !Directory.Exists(d)))
                throw new ZblegenException($"--path {d}: no such folder; give a folder holding modules or packages");
            var count = files.Count + (withRepl ? 1 : 0);
            var stacks = Stacks(parse.GetValue(hosts)!, count);
            var air = radio.Parse(parse, count);
            var seconds = parse.GetValue(timeout);
            if (seconds is <= 0)
                throw new ZblegenException($"--timeout {seconds}: give a number of seconds above 0, or leave it out for no limit");
            var log = parse.GetValue(verbose) ? (Action<string>)(m => stderr.WriteLine(m)) : _ => { };

            var trees = unixHosts.Locate(parse, stacks);
            var binaries = unixHosts.Binaries(parse, trees, stacks, m => stderr.WriteLine(m));
            var aioble = AiobleDir(trees.MicroPython.Root);
            if (Directory.Exists(aioble))
                folders.Add(aioble);
            else
                stderr.WriteLine($"zblegen: no aioble in {aioble} (micropython-lib submodule); import aioble needs --path");

            var sources = withRepl ? files.Prepend(null).ToList() : files.Cast<string?>().ToList();
            var labels = Labels(sources);
            var instances = sources.Select((s, i) => new RunInstance(labels[i], binaries[stacks[i]], s)).ToList();
            var work = Path.Combine(Path.GetTempPath(), $"zblegen-run-{Environment.ProcessId}");
            var snoopDir = parse.GetValue(snoop) is { } sd ? Path.GetFullPath(sd) : null;
            var options = new RunOptions(instances,
                new LiveEmulatorOptions(count, Path.Combine(work, "pty"), snoopDir, air.Loss, air.Seed, air.Quirks),
                folders,
                seconds is { } s2 ? TimeSpan.FromSeconds(s2) : null);
            var output = new RunOutput(stdout, instances.Select((x, i) => $"{x.Label}/{stacks[i].Name()}").ToList(), RunOutput.ColourFor(stdout));
            using var interrupt = new CancellationTokenSource();
            // With a REPL, Ctrl-C belongs to it (KeyboardInterrupt); the scripts are in sessions of their own either way.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; if (!withRepl) interrupt.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });
            RunResult result;
            try
            {
                result = new ScriptRunner(options, log).Run(output, interrupt.Token);
            }
            catch (InvalidOperationException e)
            {
                throw new ZblegenException($"run: {e.Message}; setsid comes with util-linux (apt-get install util-linux)");
            }
            finally
            {
                try { Directory.Delete(work, true); } catch (IOException) { }
            }
            stderr.WriteLine(Summary(result, instances, seconds));
            if (snoopDir != null)
                stderr.WriteLine($"btsnoop: {string.Join(", ", instances.Select((x, i) => $"{Path.Combine(snoopDir, $"controller-{i}.btsnoop")} ({x.Label})"))}");
            return result.ExitCode;
        });
        return cmd;
    }

    /// <summary>One stack per instance: the list as given, or its one name for every instance.</summary>
    private static IReadOnlyList<HostStack> Stacks(string list, int count)
    {
        var stacks = UnixHostOptions.ParseStacks(list);
        if (stacks.Count == 1)
            return Enumerable.Repeat(stacks[0], count).ToList();
        if (stacks.Count != count)
            throw new ZblegenException($"--hosts {list}: {stacks.Count} stacks for {count} instances; give one name for all, or one per instance (the REPL first)");
        return stacks;
    }

    /// <summary>The script's name without .py (numbered when two share it), "repl" for the REPL.</summary>
    private static IReadOnlyList<string> Labels(IReadOnlyList<string?> sources)
    {
        var names = sources.Select(s => s is null ? "repl" : Path.GetFileNameWithoutExtension(s)).ToList();
        return names.Select((n, i) => names.Count(x => x == n) > 1 ? $"{n}#{i}" : n).ToList();
    }

    private static string Summary(RunResult r, IReadOnlyList<RunInstance> instances, double? seconds) => r.End switch
    {
        RunEnd.TimedOut => $"zblegen run: timed out after {seconds} s; every instance stopped (exit 124)",
        RunEnd.Interrupted => "zblegen run: interrupted; every instance stopped (exit 130)",
        RunEnd.Failed => $"zblegen run: {instances[r.Exits[^1].Index].Label} exited with {r.Exits[^1].ExitCode}; the others were stopped",
        _ => $"zblegen run: {r.Exits.Count} of {instances.Count} instances ended, exit {r.ExitCode}",
    };
}
