using Zblegen.Emulator.Run;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Tests;

/// <summary>
/// How a run of several instances ends, with /bin/sh standing in for micropython (the runner treats every binary
/// alike: binary, script, MICROPYBTUART, MICROPYPATH), so no upstream tree is needed.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ScriptRunnerTests
{
    private sealed class Recorder : IRunObserver
    {
        public List<(int Instance, string Text)> Lines { get; } = [];
        public List<InstanceExit> Exits { get; } = [];

        public void Line(int instance, string text, bool stderr) => Lines.Add((instance, text));

        public void Exited(InstanceExit exit) => Exits.Add(exit);
    }

    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("zblegen-run-tests-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private RunInstance Script(string name, string body)
    {
        var path = Path.Combine(_dir, name + ".sh");
        File.WriteAllText(path, body + "\n");
        return new RunInstance(name, "/bin/sh", path);
    }

    private RunOptions Options(TimeSpan? timeout, params RunInstance[] instances) =>
        new(instances, new LiveEmulatorOptions(instances.Length, Path.Combine(_dir, "pty")), ["/my/modules"], timeout);

    /// <summary>A run to its end, with what it reported.</summary>
    private (RunResult Result, Recorder Recorder) RunToEnd(TimeSpan? timeout, params RunInstance[] instances)
    {
        var recorder = new Recorder();
        return (new ScriptRunner(Options(timeout, instances), _ => { }).Run(recorder, CancellationToken.None), recorder);
    }

    /// <summary>Processes whose command line names this test's folder (the scripts live there).</summary>
    private int[] Leftovers() => Directory.EnumerateDirectories("/proc")
        .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
        .Where(p => p.Pid > 0 && ReadCmdline(p.Dir).Contains(_dir))
        .Select(p => p.Pid).ToArray();

    private static string ReadCmdline(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    [Test]
    public void Every_instance_gets_its_own_controller_and_the_module_path_and_the_run_ends_with_the_last()
    {
        var (result, recorder) = RunToEnd(null,
            Script("a", "echo \"$MICROPYBTUART\"; echo \"$MICROPYPATH\""),
            Script("b", "echo \"$MICROPYBTUART\""));
        Assert.That(result.End, Is.EqualTo(RunEnd.Finished));
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(recorder.Exits.Select(e => e.Index).Order(), Is.EqualTo(new[] { 0, 1 }));
        var a = recorder.Lines.Where(l => l.Instance == 0).Select(l => l.Text).ToList();
        var b = recorder.Lines.Where(l => l.Instance == 1).Select(l => l.Text).ToList();
        Assert.That(a[0], Is.EqualTo(Path.Combine(_dir, "pty", "hci0")));
        Assert.That(b, Is.EqualTo(new[] { Path.Combine(_dir, "pty", "hci1") }));
        Assert.That(a[1], Does.StartWith("/my/modules:"));
    }

    [Test]
    public void A_failing_script_ends_the_run_with_its_exit_code_and_stops_the_others()
    {
        var (result, recorder) = RunToEnd(null,
            Script("forever", "echo up; while :; do sleep 0.1; done"),
            Script("failing", "sleep 0.2; echo giving up; exit 3"));
        Assert.That(result.End, Is.EqualTo(RunEnd.Failed));
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(recorder.Exits, Is.EqualTo(new[] { new InstanceExit(1, 3) }), "the stopped instance is not counted as ending by itself");
        Assert.That(recorder.Lines, Does.Contain((1, "giving up")));
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void A_run_past_its_timeout_stops_every_instance_and_exits_124()
    {
        var (result, _) = RunToEnd(TimeSpan.FromMilliseconds(300),
            Script("forever", "while :; do sleep 0.1; done"),
            Script("done", "exit 0"));
        Assert.That(result.End, Is.EqualTo(RunEnd.TimedOut));
        Assert.That(result.ExitCode, Is.EqualTo(124));
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void An_interrupt_stops_every_instance_even_one_that_ignores_sigterm_and_exits_130()
    {
        var recorder = new Recorder();
        using var interrupt = new CancellationTokenSource();
        var stubborn = Script("stubborn", "trap '' TERM; echo up; while :; do sleep 0.1; done");
        var plain = Script("plain", "echo up; while :; do sleep 0.1; done");
        var runner = new ScriptRunner(Options(null, stubborn, plain), _ => { });
        var observer = new Signalling(recorder, () => recorder.Lines.Count(l => l.Text == "up") == 2, interrupt.Cancel);
        var result = runner.Run(observer, interrupt.Token);
        Assert.That(result.End, Is.EqualTo(RunEnd.Interrupted));
        Assert.That(result.ExitCode, Is.EqualTo(130));
        Assert.That(Leftovers(), Is.Empty);
    }

    /// <summary>Passes events on, and fires once when a condition on them first holds.</summary>
    private sealed class Signalling(Recorder inner, Func<bool> when, Action fire) : IRunObserver
    {
        private bool _fired;

        public void Line(int instance, string text, bool stderr)
        {
            inner.Line(instance, text, stderr);
            if (!_fired && when())
            {
                _fired = true;
                fire();
            }
        }

        public void Exited(InstanceExit exit) => inner.Exited(exit);
    }

    [Test]
    public void The_module_path_keeps_micropythons_own_or_the_users_behind_ours()
    {
        Assert.That(ScriptRunner.MicroPyPath(["/a", "/b"], null), Is.EqualTo("/a:/b:" + ScriptRunner.DefaultMicroPyPath));
        Assert.That(ScriptRunner.MicroPyPath(["/a"], "/mine"), Is.EqualTo("/a:/mine"));
    }

    [TestCase(RunEnd.Finished, new[] { 0, 2, 5 }, 2)]
    [TestCase(RunEnd.Finished, new[] { 0, 0 }, 0)]
    [TestCase(RunEnd.TimedOut, new[] { 1 }, 124)]
    [TestCase(RunEnd.Interrupted, new int[0], 130)]
    public void The_exit_code_is_the_first_non_zero_exit_unless_the_run_was_cut_short(RunEnd end, int[] codes, int expected)
    {
        var result = new RunResult(end, codes.Select((c, i) => new InstanceExit(i, c)).ToList());
        Assert.That(result.ExitCode, Is.EqualTo(expected));
    }
}
