using System.CommandLine;
using Zblegen.Clang;
using Zblegen.Core;

namespace Zblegen.Cli.Commands;

/// <summary>zblegen doctor: one line per prerequisite, OK or MISSING with the exact fix.</summary>
internal static class DoctorCommand
{
    /// <summary>The verbs a prerequisite serves; "test" is the test suite.</summary>
    private static readonly string[] Verbs = { "scan", "config", "generate", "build", "emulate", "multitest", "test" };

    private sealed record Check(string Name, string[] NeededBy, Func<(bool Ok, string Detail)> Run);

    public static Command Create(TextWriter stdout)
    {
        var forVerb = new Option<string?>("--for") { Description = $"Exit non-zero when something this verb needs is missing ({string.Join(", ", Verbs)})" };
        forVerb.AcceptOnlyFromAmong(Verbs);
        var trees = new UpstreamOptions();
        var cmd = new Command("doctor", "Check every prerequisite and say how to fix what is missing") { forVerb, trees.MicroPython, trees.Zephyr };
        cmd.SetAction(parse =>
        {
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var locator = UpstreamLocator.ForProcess(repo);
            var verb = parse.GetValue(forVerb);
            var missing = 0;
            foreach (var check in Checks(repo, locator, trees.Given(parse, TreeKind.MicroPython), trees.Given(parse, TreeKind.Zephyr)))
            {
                var (ok, detail) = check.Run();
                // Without --for the report is informational; with it, only that verb's needs count.
                var needed = verb != null && check.NeededBy.Contains(verb);
                if (!ok && needed)
                    missing++;
                var status = ok ? "OK" : verb == null || needed ? "MISSING" : "missing";
                stdout.WriteLine($"{status,-8} {check.Name,-20} {detail}");
            }
            if (verb != null)
                stdout.WriteLine(missing == 0 ? $"ready for {verb}" : $"{missing} prerequisite(s) of {verb} missing");
            return missing == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static IEnumerable<Check> Checks(RepoLayout repo, UpstreamLocator locator, string? micropython, string? zephyr)
    {
        yield return new(".NET", Verbs, () => (true, $".NET {Environment.Version}"));
        yield return new("gcc", new[] { "scan", "multitest", "build", "test" }, () => Compiler(TargetCompiler.Host));
        // The cross compilers the boards of bindings/build.json build with.
        foreach (var driver in TargetRegistry.Load(repo).Ports.Values.Select(t => t.Compiler).Distinct().Where(d => d != TargetCompiler.Host.Driver))
            yield return new(driver, new[] { "build" }, () => Compiler(TargetCompiler.ForDriver(driver)));
        yield return new("libclang", new[] { "scan", "generate", "test" }, () =>
        {
            try { return (true, ClangIndex.Version); }
            catch (ClangUnavailableException e) { return (false, "fix: " + e.Message); }
        });
        yield return new("python3-kconfiglib", new[] { "test" }, () =>
            RunsOk("/usr/bin/python3", "-c", "import kconfiglib; print(kconfiglib.VERSION)") is { } v
                ? (true, $"kconfiglib {v} (/usr/bin/python3)")
                : (false, "fix: apt-get install python3-kconfiglib (the Kconfig oracle; run by /usr/bin/python3)"));
        yield return new("tshark", new[] { "test" }, () =>
            RunsOk("tshark", "--version") is { } v ? (true, v) : (false, "fix: apt-get install tshark (reads the emulator's btsnoop captures)"));
        yield return new("MicroPython tree", new[] { "scan", "build", "multitest" }, () => Tree(locator, TreeKind.MicroPython, micropython));
        yield return new("Zephyr tree", new[] { "scan", "config", "build" }, () => Tree(locator, TreeKind.Zephyr, zephyr));
        yield return new("picotool", new[] { "build" }, () => Picotool(repo));
    }

    private static (bool, string) Compiler(TargetCompiler compiler) =>
        compiler.TryVersion() is { } v ? (true, v) : (false, $"fix: {compiler.InstallHint}");

    private static (bool, string) Tree(UpstreamLocator locator, TreeKind kind, string? option)
    {
        try
        {
            var tree = locator.Find(kind, option);
            return tree == null ? (false, "fix: " + locator.MissingMessage(kind)) : (true, $"{kind} {tree.Version} at {tree.Root}");
        }
        catch (ZblegenException e)
        {
            return (false, "fix: " + e.Message);
        }
    }

    /// <summary>pico-sdk needs a prebuilt picotool, or its CMake tries to clone one.</summary>
    private static (bool, string) Picotool(RepoLayout repo)
    {
        var env = ProcessEnvironment.Instance;
        var candidates = new List<string>();
        if (env.Get("PICOTOOL_FETCH_FROM_GIT_PATH") is { Length: > 0 } fromEnv)
            candidates.Add(fromEnv);
        candidates.Add(Path.GetFullPath(Path.Combine(repo.Root, "..", "upstream", "picotool-install")));
        candidates.Add(CacheFolders.For(env).PicotoolInstall);
        var found = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "picotool", "picotoolConfig.cmake")));
        if (found != null)
            return (true, $"picotool at {found}");
        var dest = CacheFolders.InHome("~").Upstream;
        return (false, $"fix: cmake -S {dest}/picotool -B {dest}/picotool-build -DPICO_SDK_PATH={dest}/micropython/lib/pico-sdk -DPICOTOOL_NO_LIBUSB=1 -DPICOTOOL_FLAT_INSTALL=1 -DCMAKE_INSTALL_PREFIX={dest}/picotool-install && cmake --build {dest}/picotool-build -j && cmake --install {dest}/picotool-build");
    }

    /// <summary>The first line the command prints, or null when it cannot run or fails.</summary>
    private static string? RunsOk(string file, params string[] args) =>
        ProcessRunner.TryRun(file, args) is { ExitCode: 0 } r ? r.Stdout.Split('\n')[0].Trim() : null;
}
