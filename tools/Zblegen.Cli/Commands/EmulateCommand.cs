using System.CommandLine;
using System.Runtime.InteropServices;
using Zblegen.Core;
using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Transport;

namespace Zblegen.Cli.Commands;

internal static class EmulateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var controllers = new Option<int>("--controllers") { Description = "How many virtual controllers share the radio", DefaultValueFactory = _ => 2 };
        var snoop = new Option<string?>("--snoop") { Description = "Write a btsnoop capture per controller into this folder" };
        var ptyDir = new Option<string?>("--pty-dir") { Description = "Folder for the stable pty symlinks hci0, hci1, … (default: /tmp/zblegen-emulator)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log drops, unknown commands and hosts coming and going" };
        var radio = new RadioOptions();
        var cmd = new Command("emulate", "Run virtual BLE controllers on a simulated radio; each is a pty for a MicroPython unix host (MICROPYBTUART)")
        {
            controllers, snoop, ptyDir, verbose,
        };
        foreach (var o in radio.All)
            cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var n = parse.GetValue(controllers);
            if (n is < 1 or > 64)
                throw new ZblegenException($"--controllers {n}: give 1 to 64 controllers");
            var air = radio.Parse(parse, n);
            var quirks = air.Quirks;
            var dir = parse.GetValue(ptyDir) ?? "/tmp/zblegen-emulator";
            var log = parse.GetValue(verbose) ? (Action<string>)(m => Console.Error.WriteLine(m)) : _ => { };
            using var emu = LiveEmulator.Start(new LiveEmulatorOptions(n, dir, parse.GetValue(snoop), air.Loss, air.Seed, quirks), log);
            for (var i = 0; i < n; i++)
                stdout.WriteLine($"controller {i}: {emu.Ports[i].Pty.HostPath} -> {emu.Ports[i].Pty.SlavePath}"
                                 + (quirks[i].Kinds == Quirk.None ? "" : $", quirks: {quirks[i]}"));
            stdout.Flush();
            stdout.WriteLine("fault injection on stdin: 'loss P', 'drop N' (links of controller N go silent), 'reset N' (controller N resets)");
            stdout.Flush();
            using var stop = new ManualResetEventSlim();
            var faults = new Thread(() => ReadFaults(Console.In, emu, n, stdout)) { IsBackground = true };
            faults.Start();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
            stop.Wait();
            if (parse.GetValue(verbose))
            {
                var l = emu.Driver.Lateness();
                Console.Error.WriteLine($"radio actions: {l.Count}, mean {l.MeanUs:F0} µs late, max {l.MaxUs} µs, over 1 ms: {l.Over1MsCount}");
            }
            if (emu.Driver.FailureCount > 0)
                Console.Error.WriteLine($"zblegen: the emulator caught {emu.Driver.FailureCount} internal errors, the last: {emu.Driver.Failure!.Message}; rerun with --verbose and report it");
            return emu.Driver.FailureCount > 0 ? 1 : 0;
        });
        return cmd;
    }

    private static void ReadFaults(TextReader input, LiveEmulator emu, int controllers, TextWriter stdout)
    {
        while (input.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
                continue;
            if (parts[0] == "loss" && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 1)
                emu.SetLoss(p);
            else if (parts[0] is "drop" or "reset" && int.TryParse(parts[1], out var i) && i >= 0 && i < controllers)
            {
                if (parts[0] == "drop")
                    emu.DropLinks(i);
                else
                    emu.ResetController(i);
            }
            else
            {
                stdout.WriteLine($"not understood: {line}");
                continue;
            }
            stdout.WriteLine($"done: {line}");
        }
    }
}
