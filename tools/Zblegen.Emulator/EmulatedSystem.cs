using Zblegen.Emulator.Controller;
using Zblegen.Emulator.LinkLayer;

namespace Zblegen.Emulator;

/// <summary>N virtual controllers on one radio and one clock. Nothing here runs by itself: tests step the clock, <see cref="Transport.PacedDriver"/> paces it.</summary>
public sealed class EmulatedSystem
{
    public EmulatedSystem(int controllers, RadioOptions? radio = null, Action<string>? log = null, Func<int, ControllerOptions>? options = null)
    {
        Clock = new VirtualClock();
        Radio = new Radio(Clock, radio ?? new RadioOptions());
        Controllers = Enumerable.Range(0, controllers)
            .Select(i => new VirtualController(i, (options ?? ControllerOptions.ForIndex)(i), Radio, log))
            .ToArray();
    }

    public VirtualClock Clock { get; }
    public Radio Radio { get; }
    public IReadOnlyList<VirtualController> Controllers { get; }

    /// <summary>Runs the clock until <paramref name="done"/> holds or <paramref name="timeoutUs"/> passes; true if it held.</summary>
    public bool RunUntil(Func<bool> done, long timeoutUs)
    {
        var end = Clock.NowUs + timeoutUs;
        while (!done())
        {
            if (Clock.NextDueUs is not { } due || due > end)
            {
                Clock.AdvanceTo(end);
                return done();
            }
            Clock.RunNext();
        }
        return true;
    }

    public void RunFor(long us) => Clock.AdvanceTo(Clock.NowUs + us);
}
