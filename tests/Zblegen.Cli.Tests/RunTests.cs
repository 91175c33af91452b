using System.Diagnostics;
using System.Text.RegularExpressions;
using Zblegen.Core;

namespace Zblegen.Cli.Tests;

/// <summary>
/// `zblegen run` as a user meets it: the examples in examples/bluetooth on real MicroPython unix instances (Zephyr and
/// NimBLE, built into the build cache when not there) on the live emulator, a failing script, and Ctrl-C.
/// </summary>
[TestFixture]
[Category("Tree")]
[Category("Multitest")]
[NonParallelizable]
public class RunTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    private static string Example(string name) => Path.Combine(Repo(), "examples", "bluetooth", name);

    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        var locator = UpstreamLocator.ForProcess(new RepoLayout(Repo()));
        foreach (var kind in new[] { TreeKind.MicroPython, TreeKind.Zephyr })
            if (locator.Find(kind, null) == null)
                Assert.Ignore($"needs the {kind} tree: {locator.MissingMessage(kind)}");
        _dir = Directory.CreateTempSubdirectory("zblegen-run-cli-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        if (_dir.Length > 0)
            Directory.Delete(_dir, true);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        TestContext.Out.WriteLine(stdout.ToString());
        TestContext.Out.WriteLine(stderr.ToString());
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>What an instance printed, its prefix taken off.</summary>
    private static string[] LinesOf(string output, string prefix) =>
        output.Split('\n').Select(l => Regex.Match(l, $@"^{Regex.Escape(prefix)}\s*\| (.*)$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();

    [TestCase("zephyr,nimble", "nimble")]
    [TestCase("nimble,zephyr", "zephyr")]
    public void The_example_pair_runs_and_the_central_prints_its_readings(string hosts, string centralStack)
    {
        var r = Run("run", "--hosts", hosts, "--timeout", "120", Example("sensor_peripheral.py"), Example("sensor_central.py"));
        var central = LinesOf(r.Out, $"sensor_central/{centralStack}");
        Assert.That(r.Exit, Is.EqualTo(0), r.Out + r.Err);
        Assert.That(central[..3], Is.EqualTo(new[] { "found zb-sensor", "connected", central[2] }));
        Assert.That(central[2], Does.Match(@"^read: \d+\.\d\d C$"));
        Assert.That(central.Count(l => Regex.IsMatch(l, @"^notified: \d+\.\d\d C$")), Is.EqualTo(3));
        Assert.That(central[^2..], Is.EqualTo(new[] { "disconnected after 3 readings", "[exit 0]" }));
        Assert.That(LinesOf(r.Out, "sensor_peripheral/" + hosts.Split(',')[0]), Does.Contain("central disconnected").And.Contain("[exit 0]"));
    }

    [Test]
    public void The_aioble_pair_runs_with_aioble_from_the_micropython_tree()
    {
        var r = Run("run", "--hosts", "zephyr,nimble", "--timeout", "120", Example("aioble_sensor.py"), Example("aioble_collector.py"));
        var collector = LinesOf(r.Out, "aioble_collector/nimble");
        Assert.That(r.Exit, Is.EqualTo(0), r.Out + r.Err);
        Assert.That(collector.Count(l => l.StartsWith("notified: ")), Is.EqualTo(3));
        Assert.That(collector[^2..], Is.EqualTo(new[] { "disconnected", "[exit 0]" }));
    }

    [Test]
    public void A_failing_scripts_exit_code_comes_through_and_the_other_instance_is_stopped()
    {
        var waiting = Path.Combine(_dir, "waiting.py");
        File.WriteAllText(waiting, "import bluetooth, time\nbluetooth.BLE().active(True)\nprint('waiting')\nwhile True:\n    time.sleep_ms(100)\n");
        var failing = Path.Combine(_dir, "failing.py");
        File.WriteAllText(failing, "import bluetooth, sys\nbluetooth.BLE().active(True)\nprint('giving up')\nsys.exit(3)\n");
        var r = Run("run", "--hosts", "zephyr,nimble", "--timeout", "120", waiting, failing);
        Assert.That(r.Exit, Is.EqualTo(3), r.Out + r.Err);
        Assert.That(LinesOf(r.Out, "failing/nimble"), Is.EqualTo(new[] { "giving up", "[exit 3]" }));
        Assert.That(r.Err, Does.Contain("zblegen run: failing exited with 3; the others were stopped"));
    }

    [Test]
    public void Ctrl_C_stops_every_instance_and_the_emulator_and_leaves_no_process_behind()
    {
        var scripts = new[] { "one", "two" }.Select(n =>
        {
            var path = Path.Combine(_dir, n + ".py");
            File.WriteAllText(path, "import bluetooth, time\nbluetooth.BLE().active(True)\nprint('up')\nwhile True:\n    time.sleep_ms(100)\n");
            return path;
        }).ToArray();
        // Out of process, as a terminal's Ctrl-C meets it: SIGINT to zblegen alone (the instances have sessions of their own).
        // env resets SIGINT: a test run started in the background of a script inherits it ignored.
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", Path.Combine(TestContext.CurrentContext.TestDirectory, "zblegen.dll"), "run", "--hosts", "zephyr,nimble" }.Concat(scripts))
            psi.ArgumentList.Add(a);
        psi.Environment["ZBLEGEN_REPO"] = Repo();
        using var zblegen = Process.Start(psi)!;
        var stderr = zblegen.StandardError.ReadToEndAsync();
        var seen = new List<string>();
        while (seen.Count(l => l.EndsWith("| up")) < 2 && zblegen.StandardOutput.ReadLine() is { } line)
            seen.Add(line);
        Assert.That(seen.Count(l => l.EndsWith("| up")), Is.EqualTo(2), string.Join("\n", seen));
        using (var kill = Process.Start("kill", ["-INT", zblegen.Id.ToString()]))
            kill.WaitForExit();
        var rest = zblegen.StandardOutput.ReadToEndAsync();
        // A guard against a hang, not a timing assertion.
        if (!zblegen.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            zblegen.Kill(entireProcessTree: true);
            Assert.Fail("zblegen did not end after SIGINT");
        }
        Assert.That(zblegen.ExitCode, Is.EqualTo(130), rest.Result + stderr.Result);
        Assert.That(stderr.Result, Does.Contain("interrupted; every instance stopped"));
        var left = Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Where(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(_dir); } catch (IOException) { return false; } })
            .ToArray();
        Assert.That(left, Is.Empty, "processes running a script of this test");
        Assert.That(Directory.Exists(Path.Combine(Path.GetTempPath(), $"zblegen-run-{zblegen.Id}")), Is.False, "the run's pty folder");
    }
}
