namespace Zblegen.Emulator.LinkLayer;

/// <summary>A scheduled action; <see cref="Cancel"/> keeps it from running.</summary>
public sealed class ClockTimer
{
    internal ClockTimer(long dueUs, Action action) { DueUs = dueUs; Action = action; }
    public long DueUs { get; }
    internal Action Action { get; }
    public bool Cancelled { get; private set; }
    public void Cancel() => Cancelled = true;
}

/// <summary>
/// Time for the radio and the link layer, in microseconds. Nothing advances it but
/// <see cref="RunNext"/>/<see cref="AdvanceTo"/>, so a run under test is deterministic; the paced
/// driver advances it along wall-clock time. Actions due at the same time run in schedule order.
/// </summary>
public sealed class VirtualClock
{
    private readonly PriorityQueue<ClockTimer, (long, long)> _queue = new();
    private long _seq;

    public long NowUs { get; private set; }

    /// <summary>Called after each action with (scheduled time, time the action ran); the paced driver reports lateness through it.</summary>
    public Action<long>? OnActionRun { get; set; }

    public ClockTimer At(long dueUs, Action action)
    {
        var t = new ClockTimer(Math.Max(dueUs, NowUs), action);
        _queue.Enqueue(t, (t.DueUs, _seq++));
        return t;
    }

    public ClockTimer After(long delayUs, Action action) => At(NowUs + delayUs, action);

    /// <summary>The due time of the next pending action, or null.</summary>
    public long? NextDueUs
    {
        get
        {
            while (_queue.TryPeek(out var t, out _))
            {
                if (!t.Cancelled)
                    return t.DueUs;
                _queue.Dequeue();
            }
            return null;
        }
    }

    /// <summary>Runs the next action (advancing time to it); false when none is pending.</summary>
    public bool RunNext()
    {
        if (NextDueUs is null)
            return false;
        var t = _queue.Dequeue();
        NowUs = t.DueUs;
        t.Action();
        OnActionRun?.Invoke(t.DueUs);
        return true;
    }

    /// <summary>Runs every action due up to <paramref name="timeUs"/>, then sets the time to it.</summary>
    public void AdvanceTo(long timeUs)
    {
        while (NextDueUs is { } due && due <= timeUs)
            RunNext();
        if (timeUs > NowUs)
            NowUs = timeUs;
    }
}
