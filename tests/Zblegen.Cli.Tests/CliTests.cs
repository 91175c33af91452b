using Zblegen.Cli;

namespace Zblegen.Cli.Tests;

/// <summary>The CLI as a user meets it: exit codes, one-line errors, no half-written output.</summary>
[TestFixture]
public class CliTests
{
    private static string Fixtures => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "trees");
    private static string FakeMicroPython => Path.Combine(Fixtures, "micropython");
    private static string FakeZephyr => Path.Combine(Fixtures, "zephyr");

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zblegen-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void AssertOneLineError((int Exit, string Out, string Err) r, string contains)
    {
        Assert.That(r.Exit, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
        Assert.That(r.Err, Does.StartWith("zblegen: ").And.Contain(contains));
    }

    [Test]
    public void Scan_of_fake_trees_writes_both_snapshots()
    {
        var outDir = NewTempDir();
        var r = Run("scan", "--micropython", FakeMicroPython, "--zephyr", FakeZephyr, "--out", outDir, "--no-usage");
        Assert.That(r.Exit, Is.EqualTo(0), r.Err);
        Assert.That(File.Exists(Path.Combine(outDir, "micropython-1.28.0", "modbluetooth.json")));
        Assert.That(File.Exists(Path.Combine(outDir, "zephyr-4.1.0", "host-includes.json")));
        Assert.That(r.Out, Does.Contain("wrote "));
    }

    [Test]
    public void Missing_tree_is_one_line_and_exit_2()
    {
        AssertOneLineError(Run("scan", "--micropython", "/no/such/tree", "--zephyr", FakeZephyr), "--micropython /no/such/tree: no such directory");
    }

    [Test]
    public void Zephyr_tree_of_another_layout_is_one_line_and_exit_2()
    {
        AssertOneLineError(Run("scan", "--micropython", FakeMicroPython, "--zephyr", FakeMicroPython), "VERSION is missing");
    }

    [Test]
    public void Unwritable_output_is_one_line_exit_2_and_nothing_written()
    {
        var dir = NewTempDir();
        var file = Path.Combine(dir, "file");
        File.WriteAllText(file, "");
        AssertOneLineError(Run("scan", "--micropython", FakeMicroPython, "--zephyr", FakeZephyr, "--out", Path.Combine(file, "out"), "--no-usage"), "cannot write output there");
        Assert.That(Directory.EnumerateFileSystemEntries(dir), Is.EqualTo(new[] { file }));
    }

    [Test]
    public void Header_that_does_not_parse_is_file_line_exit_2_and_no_snapshot()
    {
        var tree = Path.Combine(NewTempDir(), "micropython");
        foreach (var d in Directory.EnumerateDirectories(FakeMicroPython, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(tree, Path.GetRelativePath(FakeMicroPython, d)));
        foreach (var f in Directory.EnumerateFiles(FakeMicroPython, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(tree, Path.GetRelativePath(FakeMicroPython, f)));
        var header = Path.Combine(tree, "extmod", "modbluetooth.h");
        File.AppendAllText(header, "int mp_bluetooth_oops(missing_t m);\n");
        var outDir = NewTempDir();
        var r = Run("scan", "--micropython", tree, "--zephyr", FakeZephyr, "--out", outDir, "--no-usage");
        AssertOneLineError(r, $"{header}:{File.ReadAllLines(header).Length}: unknown type name 'missing_t'");
        Assert.That(Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void Doctor_for_a_verb_with_everything_present_exits_0()
    {
        var r = Run("doctor", "--for", "emulate");
        Assert.That(r.Exit, Is.EqualTo(0), r.Out);
        Assert.That(r.Out, Does.Contain("ready for emulate"));
        Assert.That(r.Out.Split('\n').First(), Does.Match(@"^OK\s+\.NET\s+\.NET \d+"));
    }

    [Test]
    public void Doctor_for_a_verb_missing_a_tree_says_the_fix_and_exits_non_zero()
    {
        var r = Run("doctor", "--for", "scan", "--micropython", "/no/such/tree");
        Assert.That(r.Exit, Is.Not.EqualTo(0));
        var line = r.Out.Split('\n').Single(l => l.Contains("MicroPython tree"));
        Assert.That(line, Does.Match(@"^MISSING\s+MicroPython tree\s+fix: --micropython /no/such/tree: no such directory"));
    }

    [Test]
    public void Unknown_quirk_is_one_line_naming_the_known_ones_and_exit_2()
    {
        // Checked before any tree or build is looked for.
        AssertOneLineError(Run("multitest", "--quirk", "nosuch"), "--quirk: unknown quirk nosuch; known: ignore-phy, unknown-phy,");
        AssertOneLineError(Run("emulate", "--quirk", "ignore-phy,nosuch"), "unknown quirk nosuch");
    }

    [Test]
    public void Quirk_for_a_controller_that_does_not_exist_is_one_line_and_exit_2()
    {
        AssertOneLineError(Run("multitest", "--hosts", "nimble,nimble", "--quirk", "2:ignore-phy"), "controller 2 does not exist; give 0 to 1");
        AssertOneLineError(Run("multitest", "--quirk", "ignore-phy=5"), "only slow-answers takes a value");
    }

    [Test]
    public void Run_without_a_script_or_repl_is_one_line_and_exit_2()
    {
        AssertOneLineError(Run("run"), "no script given; name one or more scripts");
    }

    [Test]
    public void Run_of_a_missing_script_or_module_folder_is_one_line_and_exit_2()
    {
        AssertOneLineError(Run("run", "/no/such/script.py"), "/no/such/script.py: no such script");
        var script = Path.Combine(NewTempDir(), "a.py");
        File.WriteAllText(script, "print(1)\n");
        AssertOneLineError(Run("run", "--path", "/no/such/dir", script), "--path /no/such/dir: no such folder");
    }

    [Test]
    public void Run_with_hosts_that_do_not_match_the_instances_is_one_line_and_exit_2()
    {
        var dir = NewTempDir();
        var scripts = new[] { "a.py", "b.py" }.Select(n => Path.Combine(dir, n)).ToArray();
        foreach (var s in scripts)
            File.WriteAllText(s, "print(1)\n");
        AssertOneLineError(Run(["run", "--hosts", "zephyr,nimble,nimble", .. scripts]), "3 stacks for 2 instances");
        AssertOneLineError(Run(["run", "--hosts", "zephyr,nimble", "--repl", .. scripts]), "2 stacks for 3 instances");
        AssertOneLineError(Run(["run", "--timeout", "0", .. scripts]), "--timeout 0: give a number of seconds above 0");
    }

    [Test]
    public void Doctor_lists_every_prerequisite_once()
    {
        var names = Run("doctor").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[9..29].Trim()).ToArray();
        Assert.That(names, Is.EqualTo(new[] { ".NET", "gcc", "arm-none-eabi-gcc", "libclang", "python3-kconfiglib", "tshark", "MicroPython tree", "Zephyr tree", "picotool" }));
    }

    [Test]
    public void Doctor_without_a_verb_only_informs()
    {
        var r = Run("doctor", "--micropython", "/no/such/tree");
        Assert.That(r.Exit, Is.EqualTo(0));
        Assert.That(r.Out, Does.Contain("MISSING  MicroPython tree"));
    }

    [Test]
    public void Every_verb_that_takes_a_tree_shows_the_same_help_line_for_it()
    {
        // Padding before the description depends on each verb's longest option, so compare the words.
        string? HelpLine(string verb, string option) => Run(verb, "--help").Out.Split('\n')
            .Where(l => l.TrimStart().StartsWith(option + " ")).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).SingleOrDefault();
        string[] verbs = ["doctor", "scan", "generate", "emulate", "multitest", "run", "build", "config"];
        var micropython = verbs.Select(v => (Verb: v, Line: HelpLine(v, "--micropython"))).Where(x => x.Line != null).ToArray();
        var zephyr = verbs.Select(v => (Verb: v, Line: HelpLine(v, "--zephyr"))).Where(x => x.Line != null).ToArray();
        Assert.That(micropython.Select(x => x.Verb), Is.EqualTo(new[] { "doctor", "scan", "multitest", "run", "build" }));
        Assert.That(zephyr.Select(x => x.Verb), Is.EqualTo(new[] { "doctor", "scan", "multitest", "run", "build", "config" }));
        Assert.That(micropython.Select(x => x.Line).Distinct(), Is.EqualTo(new[]
        {
            "--micropython <DIR> MicroPython tree, looked for in this order: --micropython DIR, $MICROPY_DIR, ../upstream/micropython beside the checkout, ~/.cache/zblegen/upstream/micropython",
        }));
        Assert.That(zephyr.Select(x => x.Line).Distinct(), Is.EqualTo(new[]
        {
            "--zephyr <DIR> Zephyr tree, looked for in this order: --zephyr DIR, $ZEPHYR_BASE, ../upstream/zephyrproject/zephyr beside the checkout, ~/.cache/zblegen/upstream/zephyrproject/zephyr",
        }));
    }

    [Test]
    public void Doctor_refuses_an_unknown_verb()
    {
        Assert.That(Run("doctor", "--for", "fly").Exit, Is.Not.EqualTo(0));
    }
}
