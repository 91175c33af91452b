namespace Zblegen.Emulator.LinkLayer;

/// <summary>
/// An action on the virtual clock, created once by its owner (a role, a controller) and scheduled
/// again for each occurrence, so a periodic event costs no allocation. Scheduling a pending timer
/// moves it; <see cref="Cancel"/> keeps it from running.
/// </summary>
public sealed class ClockTimer
{
    private readonly VirtualClock _clock;
    internal readonly Action Action;

    internal ClockTimer(VirtualClock clock, Action action)
    {
        _clock = clock;
        Action = action;
    }

    /// <summary>When it runs (or last ran).</summary>
    public long DueUs { get; private set; }
    /// <summary>The queue entry that is this timer's current schedule; 0 when none is.</summary>
    internal long Entry { get; private set; }
    public bool Pending => Entry != 0;

    public void At(long dueUs)
    {
        DueUs = Math.Max(dueUs, _clock.NowUs);
        Entry = _clock.Enqueue(this);
    }

    public void After(long delayUs) => At(_clock.NowUs + delayUs);

    /// <summary>Earlier entries of this timer stay queued and are skipped when they come up.</summary>
    public void Cancel() => Entry = 0;

    internal void Fired() => Entry = 0;
}

/// <summary>
/// Time for the radio and the link layer, in microseconds. Nothing advances it but
/// <see cref="RunNext"/>/<see cref="AdvanceTo"/>, so a run under test is deterministic; the paced
/// driver advances it along wall-clock time. Actions due at the same time run in schedule order.
/// </summary>
public sealed class VirtualClock
{
    // Entries are (timer, sequence number) values: a timer moved or cancelled leaves its old entry
    // behind, recognised as stale because the timer no longer holds that sequence number.
    private readonly PriorityQueue<(ClockTimer Timer, long Entry), (long DueUs, long Entry)> _queue = new();
    private long _seq;

    public long NowUs { get; private set; }

    /// <summary>Called after each action with (scheduled time, time the action ran); the paced driver reports lateness through it.</summary>
    public Action<long>? OnActionRun { get; set; }

    /// <summary>A timer for <paramref name="action"/>, not yet scheduled.</summary>
    public ClockTimer Timer(Action action) => new(this, action);

    /// <summary>A one-off action; owners of recurring events keep a <see cref="Timer"/> instead.</summary>
    public ClockTimer At(long dueUs, Action action)
    {
        var t = Timer(action);
        t.At(dueUs);
        return t;
    }

    public ClockTimer After(long delayUs, Action action) => At(NowUs + delayUs, action);

    internal long Enqueue(ClockTimer t)
    {
        var entry = ++_seq;
        _queue.Enqueue((t, entry), (t.DueUs, entry));
        return entry;
    }

    /// <summary>The due time of the next pending action, or null.</summary>
    public long? NextDueUs
    {
        get
        {
            while (_queue.TryPeek(out var e, out var due))
            {
                if (e.Timer.Entry == e.Entry)
                    return due.DueUs;
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
        var t = _queue.Dequeue().Timer;
        var due = t.DueUs;
        NowUs = due;
        t.Fired(); // before the action, which may schedule it again
        t.Action();
        OnActionRun?.Invoke(due);
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
