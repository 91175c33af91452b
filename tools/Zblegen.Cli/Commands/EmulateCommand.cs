using System.CommandLine;
using System.Runtime.InteropServices;
using Zblegen.Core;
using Zblegen.Emulator.Transport;

namespace Zblegen.Cli.Commands;

internal static class EmulateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var controllers = new Option<int>("--controllers") { Description = "How many virtual controllers share the radio", DefaultValueFactory = _ => 2 };
        var snoop = new Option<string?>("--snoop") { Description = "Write a btsnoop capture per controller into this folder" };
        var loss = new Option<double>("--loss") { Description = "Probability that a packet on air is lost (0 to 1)" };
        var seed = new Option<int>("--seed") { Description = "Seed for loss and timing jitter", DefaultValueFactory = _ => 1 };
        var ptyDir = new Option<string?>("--pty-dir") { Description = "Folder for the stable pty symlinks hci0, hci1, … (default: /tmp/zblegen-emulator)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log drops, unknown commands and hosts coming and going" };
        var cmd = new Command("emulate", "Run virtual BLE controllers on a simulated radio; each is a pty for a MicroPython unix host (MICROPYBTUART)")
        {
            controllers, snoop, loss, seed, ptyDir, verbose,
        };
        cmd.SetAction(parse =>
        {
            var n = parse.GetValue(controllers);
            var p = parse.GetValue(loss);
            if (n is < 1 or > 64)
                throw new ZblegenException($"--controllers {n}: give 1 to 64 controllers");
            if (p is < 0 or > 1)
                throw new ZblegenException($"--loss {p}: give a probability from 0 to 1");
            var dir = parse.GetValue(ptyDir) ?? "/tmp/zblegen-emulator";
            var log = parse.GetValue(verbose) ? (Action<string>)(m => Console.Error.WriteLine(m)) : _ => { };
            using var emu = LiveEmulator.Start(new LiveEmulatorOptions(n, dir, parse.GetValue(snoop), p, parse.GetValue(seed)), log);
            for (var i = 0; i < n; i++)
                stdout.WriteLine($"controller {i}: {emu.Ports[i].Pty.HostPath} -> {emu.Ports[i].Pty.SlavePath}");
            stdout.Flush();
            using var stop = new ManualResetEventSlim();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
            while (!stop.Wait(500))
            {
                if (emu.Driver.Failure is { } f)
                    throw new ZblegenException($"emulator stopped: {f.Message}; rerun with --verbose and report it");
            }
            return 0;
        });
        return cmd;
    }
}
