using Zblegen.Emulator.Controller;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator.Transport;

/// <param name="Quirks">Per controller, by index; none when null or shorter.</param>
public sealed record LiveEmulatorOptions(int Controllers, string PtyDir, string? SnoopDir = null, double Loss = 0, int Seed = 1,
                                         IReadOnlyList<ControllerQuirks>? Quirks = null);

/// <summary>
/// The emulator as live hosts see it: N controllers paced to wall-clock time, each behind a pty
/// reached at PtyDir/hciN, with an optional btsnoop capture per controller.
/// </summary>
public sealed class LiveEmulator : IDisposable
{
    private readonly List<PtyTransport> _ports = [];
    private readonly List<BtSnoopWriter> _captures = [];
    private readonly Action<string> _log;

    private LiveEmulator(PacedDriver driver, Action<string> log)
    {
        Driver = driver;
        _log = log;
    }

    public PacedDriver Driver { get; }
    public IReadOnlyList<PtyTransport> Ports => _ports;
    public IReadOnlyList<string> HostPaths => _ports.Select(p => p.Pty.HostPath).ToArray();

    public static LiveEmulator Start(LiveEmulatorOptions options, Action<string> log)
    {
        var system = new EmulatedSystem(options.Controllers, new RadioOptions(options.Loss, options.Seed), log,
            i => ControllerOptions.ForIndex(i) with { Quirks = options.Quirks?.ElementAtOrDefault(i) ?? ControllerQuirks.None });
        var emu = new LiveEmulator(new PacedDriver(system, log), log);
        try
        {
            for (var i = 0; i < options.Controllers; i++)
            {
                var pty = Pty.Open(Path.Combine(options.PtyDir, $"hci{i}"));
                emu._ports.Add(new PtyTransport(emu.Driver, system.Controllers[i], pty, log));
            }
            if (options.SnoopDir != null)
                emu.StartCapture(options.SnoopDir, "controller");
            emu.Driver.Start();
            return emu;
        }
        catch
        {
            emu.Dispose();
            throw;
        }
    }

    /// <summary>Fault injection: loss probability from now on.</summary>
    public void SetLoss(double probability) => Driver.Post(() => Driver.System.Radio.SetLoss(probability));

    /// <summary>Fault injection: every link of controller <paramref name="index"/> goes silent; both ends time out.</summary>
    public void DropLinks(int index) => Driver.Post(() =>
    {
        foreach (var c in Driver.System.Controllers[index].Connections.Values)
            c.Link.Drop();
    });

    /// <summary>Fault injection: controller <paramref name="index"/> resets by itself (Hardware Error to its host).</summary>
    public void ResetController(int index) => Driver.Post(Driver.System.Controllers[index].HardwareReset);

    /// <summary>Starts a fresh btsnoop file per controller, DIR/PREFIX-N.btsnoop, ending any capture running.</summary>
    public IReadOnlyList<string> StartCapture(string dir, string prefix)
    {
        StopCapture();
        Directory.CreateDirectory(dir);
        var writers = Driver.System.Controllers.Select(c => new BtSnoopWriter(Path.Combine(dir, $"{prefix}-{c.Index}.btsnoop"))).ToList();
        _captures.AddRange(writers);
        Attach(writers);
        return writers.Select(w => w.Path).ToArray();
    }

    public void StopCapture()
    {
        Attach(null);
        foreach (var w in _captures)
            w.Dispose();
        _captures.Clear();
    }

    private void Attach(IReadOnlyList<BtSnoopWriter>? writers)
    {
        void Apply()
        {
            foreach (var c in Driver.System.Controllers)
                c.Tap = writers == null ? null : writers[c.Index].Write;
        }
        if (Driver.WallUs == 0)
            Apply(); // not started yet: no other thread touches the controllers
        else
            Driver.Invoke(() => { Apply(); return 0; });
    }

    public void Dispose()
    {
        foreach (var p in _ports)
            p.Dispose();
        Driver.Dispose();
        foreach (var w in _captures)
            w.Dispose();
    }
}
