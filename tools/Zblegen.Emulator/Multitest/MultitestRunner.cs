using System.Diagnostics;
using System.Text.RegularExpressions;
using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Multitest;

/// <summary>A host build to run as one multitest instance: a unix binary, or a firmware image (Path) QEMU runs.</summary>
public sealed record HostBinary(string Name, string Path, QemuHost? Qemu = null);

public sealed record MultitestOptions(
    string MicroPythonRoot,
    IReadOnlyList<HostBinary> Hosts,
    IReadOnlyList<string> Tests,
    string WorkDir,
    string CaptureDir,
    bool BothOrders = false,
    int Runs = 1,
    double Loss = 0,
    int Seed = 1,
    string Python = "/usr/bin/python3",
    int TimeoutSeconds = 180,
    IReadOnlyList<ControllerQuirks>? Quirks = null);

public sealed record MultitestResult(int Run, string Test, string Order, string Outcome, TimeSpan Duration, IReadOnlyList<string> Captures, string Output)
{
    public bool Passed => Outcome is "pass" or "skip";
}

/// <summary>
/// Runs MicroPython's tests/multi_bluetooth tests, one run-multitests.py invocation per test so each
/// gets its own duration and btsnoop captures, with every instance's MICROPYBTUART pointing at one
/// emulated controller. Captures of passing tests are deleted; those of failing tests are kept.
/// </summary>
public sealed class MultitestRunner
{
    /// <summary>Tests that cannot pass on the unix port whatever the controller does, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnixLimits = new Dictionary<string, string>
    {
        ["stress_deepsleep_reconnect"] = "needs machine.deepsleep, which the unix port lacks",
    };

    /// <summary>
    /// Tests a host stack's MicroPython binding cannot pass on any transport, with the evidence; they apply to a run
    /// whenever that stack is one of its hosts.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Stack, string Test), string> StackLimits = new Dictionary<(string, string), string>
    {
        [("btstack", "ble_gap_pair")] = "MicroPython's BTstack binding never answers SM_EVENT_JUST_WORKS_REQUEST: pairing stops after the Pairing Response (capture)",
        [("btstack", "ble_gap_pair_bond")] = "MicroPython's BTstack binding never answers SM_EVENT_JUST_WORKS_REQUEST: pairing stops after the Pairing Response (capture)",
        [("qemu-zephyr", "ble_l2cap")] = ListenRace,
        [("qemu-zephyr", "perf_l2cap")] = ListenRace,
        [("btstack", "perf_gatt_char_write")] = "a BTstack central raises no _IRQ_MTU_EXCHANGED for its own exchange, which completes on air (capture); passes with BTstack as peripheral",
    };

    /// <summary>
    /// Tests a host stack's MicroPython binding cannot pass when it runs one instance (by index in the test), with the
    /// evidence; they apply only to the orders that put that stack there.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Stack, int Instance, string Test), string> InstanceLimits = new Dictionary<(string, int, string), string>
    {
        [("nimble", 0, "ble_mtu")] = WaitBlocksHost("NimBLE"),
        [("nimble", 0, "ble_mtu_peripheral")] = WaitBlocksHost("NimBLE"),
        [("btstack", 0, "ble_mtu")] = WaitBlocksHost("BTstack"),
        [("btstack", 0, "ble_mtu_peripheral")] = WaitBlocksHost("BTstack"),
        [("nimble", 1, "pair_passkey")] = "MicroPython's NimBLE binding raises no _IRQ_PASSKEY_ACTION as a central (its peripheral_gap_event_cb has no BLE_GAP_EVENT_PASSKEY_ACTION case), so a NimBLE central never answers",
        [("nimble", 1, "pair_numeric_comparison")] = "MicroPython's NimBLE binding raises no _IRQ_PASSKEY_ACTION as a central (its peripheral_gap_event_cb has no BLE_GAP_EVENT_PASSKEY_ACTION case), so a NimBLE central never answers",
    };

    /// <summary>
    /// Tests that fail only with these hosts in this order (instance 0 first): one binding's fault that the other
    /// host's timing brings out, with the evidence.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Hosts, string Test), string> PairLimits = new Dictionary<(string, string), string>
    {
        [("nimble,qemu-zephyr", "perf_l2cap")] = "MicroPython's NimBLE binding raises ENOMEM from l2cap_send when its mbufs are used up by data the controller has not taken yet, where MicroPython documents a stall (False, then _IRQ_L2CAP_SEND_READY); a receiver on QEMU grants its credits late enough to bring it out (capture: ENOMEM right after a 3-credit LE Flow Control Credit)",
    };

    private const string ListenRace = "the test gives each step 1 s and the peripheral listens only once it has seen the connection: the firmware on QEMU (62.5 MIPS) sometimes has not listened yet when the central's LE Credit Based Connection Request comes 2 ms after the connection (its host answers PSM not supported 10 ms later), or as central has not started and connected within the peripheral's 1 s (captures)";

    private static string WaitBlocksHost(string stack) =>
        $"the peripheral blocks in multitest.wait() (stdin readline) while the central runs GATT discovery; {stack}'s unix host only runs from the VM scheduler";

    /// <summary>The host kind of a firmware QEMU runs is its stack's name behind this (qemu-zephyr).</summary>
    public const string QemuKindPrefix = "qemu-";

    /// <summary>Why this result may fail whatever the emulator does, or null.</summary>
    public static string? KnownLimit(MultitestResult r)
    {
        if (UnixLimits.TryGetValue(r.Test, out var why))
            return why;
        var kinds = r.Order.Replace(" (swapped)", "").Split(',');
        if (PairLimits.TryGetValue((string.Join(",", kinds), r.Test), out why))
            return why;
        // A QEMU instance runs the same host as its unix kind (qemu-zephyr has zephyr's limits), and its board's own.
        string Stack(string kind) => kind.StartsWith(QemuKindPrefix, StringComparison.Ordinal) ? kind[QemuKindPrefix.Length..] : kind;
        string? Limit(int i, string stack) =>
            StackLimits.TryGetValue((stack, r.Test), out var w) || InstanceLimits.TryGetValue((stack, i, r.Test), out w) ? w : null;
        return kinds.Select((k, i) => Limit(i, k) ?? Limit(i, Stack(k))).FirstOrDefault(w => w != null);
    }

    /// <summary>Left out of a default run: they hang rather than fail on unix.</summary>
    public static readonly IReadOnlySet<string> NotRunnableOnUnix = new HashSet<string> { "stress_deepsleep_reconnect" };

    private static readonly Regex ResultLine = new(@"^\S+\.py on .*: (?<outcome>pass|FAIL|skip)\s*$", RegexOptions.Multiline);
    private static readonly Regex MetricLine = new(@"^\S+\.py: (?!.*\b(pass|FAIL|skip)\s*$).+$", RegexOptions.Multiline);
    private readonly MultitestOptions _o;
    private readonly Action<string> _log;
    private readonly LiveChildren _children = new();

    public MultitestRunner(MultitestOptions options, Action<string> log)
    {
        _o = options;
        _log = log;
    }

    public string TestsDir => Path.Combine(_o.MicroPythonRoot, "tests");

    /// <summary>
    /// Kills the processes of the test under way (QEMU, run-multitests.py and its instances), for a zblegen told to
    /// stop: a signal ends it without the finally blocks that stop them. Safe from any thread.
    /// </summary>
    public void Stop() => _children.KillAll();

    /// <summary>Every test in tests/multi_bluetooth, by name without .py.</summary>
    public static IReadOnlyList<string> AllTests(string microPythonRoot) =>
        Directory.GetFiles(Path.Combine(microPythonRoot, "tests", "multi_bluetooth"), "*.py")
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A test's name in the table: a test of tests/multi_bluetooth is given by name, any other multitest (ours) by the
    /// full path of its .py file, next to which run-multitests.py finds its .py.exp.
    /// </summary>
    public static string TestName(string test) => Path.IsPathRooted(test) ? Path.GetFileNameWithoutExtension(test) : test;

    private static string TestArgument(string test) => Path.IsPathRooted(test) ? test : $"multi_bluetooth/{test}.py";

    public IEnumerable<MultitestResult> Run()
    {
        var orders = new List<(string Name, IReadOnlyList<HostBinary> Hosts)> { (OrderName(_o.Hosts), _o.Hosts) };
        if (_o.BothOrders)
            orders.Add((OrderName(_o.Hosts.Reverse().ToArray()) + " (swapped)", _o.Hosts.Reverse().ToArray()));
        using var emu = LiveEmulator.Start(new LiveEmulatorOptions(_o.Hosts.Count, Path.Combine(_o.WorkDir, "pty"), null, _o.Loss, _o.Seed, _o.Quirks), _log);
        for (var run = 1; run <= _o.Runs; run++)
            foreach (var (name, order) in orders)
                foreach (var test in _o.Tests)
                    yield return RunOne(emu, run, test, name, order);
    }

    private static string OrderName(IReadOnlyList<HostBinary> hosts) => string.Join(",", hosts.Select(h => h.Name));

    private MultitestResult RunOne(LiveEmulator emu, int run, string test, string orderName, IReadOnlyList<HostBinary> order)
    {
        // In a process group of its own, whose id is its pid: what it started goes with it (below).
        var psi = new ProcessStartInfo("setsid") { WorkingDirectory = TestsDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--wait");
        psi.ArgumentList.Add(_o.Python);
        psi.ArgumentList.Add("run-multitests.py");
        psi.ArgumentList.Add("-r");
        psi.ArgumentList.Add(Path.Combine(_o.WorkDir, "results"));
        var machines = new QemuInstance?[order.Count];
        try
        {
            for (var i = 0; i < order.Count; i++)
            {
                psi.ArgumentList.Add("-t");
                if (order[i].Qemu is { } qemu)
                {
                    machines[i] = QemuInstance.Start(qemu, order[i].Path, emu.HostPaths[i], InstanceSeed(run, i), TimeSpan.FromSeconds(30), _children);
                    psi.ArgumentList.Add(machines[i]!.ReplPty);
                }
                else
                    psi.ArgumentList.Add($"exec:{CrashWatch.Wrap(order[i].Path, Path.Combine(_o.WorkDir, "watch"), order[i].Name)},MICROPYBTUART={emu.HostPaths[i]}");
            }
            return RunMultitests(emu, run, test, orderName, psi, machines);
        }
        finally
        {
            foreach (var m in machines)
                m?.Dispose();
        }
    }

    /// <summary>Each QEMU instance's random seed: its own, and the same for the same --seed, run and place.</summary>
    private uint InstanceSeed(int run, int index) => unchecked((uint)_o.Seed * 2654435761u + (uint)run * 40503u + (uint)(index + 1) * 97u) | 1u;

    private MultitestResult RunMultitests(LiveEmulator emu, int run, string test, string orderName, ProcessStartInfo psi,
        IReadOnlyList<QemuInstance?> machines)
    {
        var fileTag = orderName.Replace(" (swapped)", "-swapped").Replace(',', '-');
        var tmpCaptures = Path.Combine(_o.WorkDir, "capture");
        if (Directory.Exists(tmpCaptures))
            Directory.Delete(tmpCaptures, true);
        var path = test;
        test = TestName(path);
        var captures = emu.StartCapture(tmpCaptures, test);
        psi.ArgumentList.Add(TestArgument(path));
        psi.Environment["MICROPY_CPYTHON3"] = _o.Python;
        var sw = Stopwatch.StartNew();
        string output;
        using (var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {_o.Python}"))
        using (_children.Track(p))
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(_o.TimeoutSeconds)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            // run-multitests.py leaves the instances it started running when it fails (an instance it
            // cannot start, say): they would share the ptys with the next test's instances and read
            // part of what their controllers send.
            Native.kill(-p.Id, Native.SIGKILL);
            output = stdout.Result + stderr.Result;
        }
        sw.Stop();
        emu.StopCapture();
        var m = ResultLine.Match(output);
        var outcome = m.Success ? m.Groups["outcome"].Value : "error";
        IReadOnlyList<string> kept = [];
        if (outcome is "pass" or "skip")
        {
            Directory.Delete(tmpCaptures, true);
        }
        else
        {
            Directory.CreateDirectory(_o.CaptureDir);
            kept = captures.Select(c =>
            {
                var dest = Path.Combine(_o.CaptureDir, $"run{run}-{fileTag}-{Path.GetFileName(c)}");
                File.Move(c, dest, overwrite: true);
                return dest;
            }).ToArray();
            File.WriteAllText(Path.Combine(_o.CaptureDir, $"run{run}-{fileTag}-{test}.out"), output);
            for (var i = 0; i < machines.Count; i++)
                if (machines[i] is { } machine)
                    File.WriteAllText(Path.Combine(_o.CaptureDir, $"run{run}-{fileTag}-{test}-instance{i}.qemu"), machine.Output);
        }
        _log($"{test} [{orderName}] run {run}: {outcome} in {sw.Elapsed.TotalSeconds:F1} s");
        return new MultitestResult(run, test, orderName, outcome, sw.Elapsed, kept, output);
    }

    /// <summary>Tests × runs and orders, with durations; known unix and binding limits noted.</summary>
    public static string Table(IReadOnlyList<MultitestResult> results)
    {
        var columns = results.Select(r => (r.Run, r.Order)).Distinct().ToList();
        var tests = results.Select(r => r.Test).Distinct().ToList();
        var heads = columns.Select(c => columns.Select(x => x.Run).Distinct().Count() > 1 ? $"{c.Order} #{c.Run}" : c.Order).ToList();
        var width = Math.Max(4, tests.Max(t => t.Length));
        var cells = tests.Select(t => columns.Select(c =>
        {
            var r = results.First(x => x.Test == t && x.Run == c.Run && x.Order == c.Order);
            return $"{r.Outcome} {r.Duration.TotalSeconds:F1}s";
        }).ToList()).ToList();
        var colWidth = columns.Select((_, i) => Math.Max(heads[i].Length, cells.Max(row => row[i].Length))).ToList();
        var sb = new System.Text.StringBuilder();
        sb.Append("test".PadRight(width));
        for (var i = 0; i < columns.Count; i++)
            sb.Append("  ").Append(heads[i].PadRight(colWidth[i]));
        sb.AppendLine("  note");
        for (var t = 0; t < tests.Count; t++)
        {
            sb.Append(tests[t].PadRight(width));
            for (var i = 0; i < columns.Count; i++)
                sb.Append("  ").Append(cells[t][i].PadRight(colWidth[i]));
            var test = tests[t];
            sb.Append("  ").AppendLine(results.Where(r => r.Test == test).Select(KnownLimit).FirstOrDefault(w => w != null) ?? "");
        }
        // Perf tests print their figures as "multi_bluetooth/perf_x.py: ..." lines.
        var figures = results.SelectMany(r => MetricLine.Matches(r.Output).Select(m => $"  [{r.Order} #{r.Run}] {m.Value.Trim()}")).ToList();
        if (figures.Count > 0)
        {
            sb.AppendLine("figures:");
            foreach (var f in figures)
                sb.AppendLine(f);
        }
        var passed = results.Count(r => r.Passed);
        sb.AppendLine($"{passed} of {results.Count} passed or skipped");
        return sb.ToString();
    }
}
