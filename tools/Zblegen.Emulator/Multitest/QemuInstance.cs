using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Zblegen.Emulator.Multitest;

/// <summary>
/// The QEMU machine a firmware image runs on as a multitest instance: the program (qemu-system-arm), the machine
/// (mps2-an500), and where the firmware reads its random seed (QEMU's loader device writes it there at reset).
/// </summary>
public sealed record QemuHost(string System, string Machine, uint SeedAddress);

/// <summary>
/// One firmware image running under QEMU: its REPL on a pty QEMU makes (the first serial port, which
/// run-multitests.py drives like a board), its second serial port on an emulator controller's pty, its own random
/// seed, and the guest clock tied to instructions: -icount, without which the guest's SysTick loses ticks when the
/// host is busy, at a fixed 16 ns an instruction with align=on, so the guest clock never runs ahead of the host's
/// (with shift=auto it did on a loaded host: a QEMU central timed its 40 writes at 0 ms and divided by zero in
/// perf_gatt_char_write); on a loaded host the guest lags instead and QEMU says so. Stopped when disposed; what QEMU
/// printed is kept for a failed test.
/// </summary>
public sealed partial class QemuInstance : IDisposable
{
    private readonly Process _process;
    private readonly IDisposable? _tracked;
    private readonly StringBuilder _output = new();

    private QemuInstance(Process process, IDisposable? tracked)
    {
        _process = process;
        _tracked = tracked;
    }

    /// <summary>The pty of the guest's REPL (its first serial port), once QEMU named it.</summary>
    public string ReplPty { get; private set; } = "";

    /// <summary>What QEMU printed so far (its pty lines, warnings, a guest fault).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>QEMU's -icount: 16 ns an instruction (62.5 MIPS), the guest held back to the host's clock.</summary>
    public const string Icount = "shift=4,align=on";

    [GeneratedRegex(@"char device redirected to (?<pty>/dev/pts/\d+) \(label serial0\)")]
    private static partial Regex ReplLine();

    /// <summary>The command line that runs elf with its REPL on a new pty and its HCI UART on hciPath.</summary>
    public static IReadOnlyList<string> Arguments(QemuHost host, string elf, string hciPath, uint seed) =>
    [
        "-machine", host.Machine, "-nographic", "-monitor", "null", "-semihosting", "-icount", Icount,
        "-serial", "pty", "-serial", hciPath,
        "-device", $"loader,addr=0x{host.SeedAddress:x},data=0x{seed:x},data-len=4",
        "-kernel", elf,
    ];

    /// <summary>Starts QEMU and waits until it names the REPL's pty; children, if given, tracks it until disposed.</summary>
    public static QemuInstance Start(QemuHost host, string elf, string hciPath, uint seed, TimeSpan timeout, LiveChildren? children = null)
    {
        // QEMU takes a tty by its /dev path; the emulator hands out stable symlinks.
        var tty = File.ResolveLinkTarget(hciPath, returnFinalTarget: true)?.FullName ?? hciPath;
        var psi = new ProcessStartInfo(host.System) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in Arguments(host, elf, tty, seed))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {host.System}");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var instance = new QemuInstance(process, children?.Track(process));
        void OnLine(string? line)
        {
            if (line is null)
                return;
            lock (instance._output)
                instance._output.AppendLine(line);
            var m = ReplLine().Match(line);
            if (m.Success)
                ready.TrySetResult(m.Groups["pty"].Value);
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{host.System} exited ({process.ExitCode}): {instance.Output.Trim()}"));
        try
        {
            if (!ready.Task.Wait(timeout))
                throw new TimeoutException($"{host.System} named no pty for its REPL in {timeout.TotalSeconds:F0} s: {instance.Output.Trim()}");
        }
        catch
        {
            instance.Dispose();
            throw;
        }
        instance.ReplPty = ready.Task.Result;
        return instance;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _tracked?.Dispose();
        _process.Dispose();
    }
}
