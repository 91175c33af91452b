using System.Collections.Concurrent;
using System.Diagnostics;

namespace Zblegen.Emulator.Transport;

/// <summary>How late actions ran against their scheduled time, in microseconds.</summary>
public sealed record LatenessStats(long Count, long MaxUs, double MeanUs, long Over1MsCount);

/// <summary>
/// Runs an <see cref="EmulatedSystem"/> on its own thread with its virtual clock following wall-clock
/// time. Everything that touches the system (host bytes, fault injection) is posted here, so the
/// link layer stays single-threaded.
/// </summary>
public sealed class PacedDriver : IDisposable
{
    private readonly ConcurrentQueue<Action> _posted = new();
    // Posting writes to an eventfd the loop waits on with ppoll: one wait, precise to the
    // microsecond, that a post ends early. (A SemaphoreSlim timed wait overshoots by milliseconds.)
    private readonly int _wakeFd = Native.eventfd(0, Native.EFD_CLOEXEC | Native.EFD_NONBLOCK);
    private readonly Stopwatch _wall = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _lateCount, _lateMax, _lateSum, _lateOver1ms;

    private readonly Action<string> _log;

    public PacedDriver(EmulatedSystem system, Action<string>? log = null)
    {
        System = system;
        _log = log ?? (_ => { });
        system.Clock.OnActionRun = due => RecordLateness(WallUs - due);
        _thread = new Thread(Loop) { IsBackground = true, Name = "zblegen-radio" };
    }

    public EmulatedSystem System { get; }
    public long WallUs => _wall.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
    /// <summary>The last exception an action threw; the loop logs it and goes on, so one bad packet cannot stop every controller.</summary>
    public Exception? Failure { get; private set; }
    public int FailureCount { get; private set; }

    /// <summary>What <see cref="TakeRadioScheduling"/> got for the radio thread, once it runs.</summary>
    public string? Scheduling { get; private set; }

    /// <summary>
    /// Wall time at which the radio thread's current pass began: read from an action, it splits the action's
    /// lateness into the wake-up (the machine's) and the actions run before it in the pass (the emulator's).
    /// </summary>
    public long WokeUs { get; private set; }

    /// <summary>
    /// Radio events are due to the microsecond while hosts and builds compete for two cores. The radio thread
    /// sleeps until each event, so a real-time policy costs the hosts nothing; without the privilege it falls
    /// back to a better nice value, else runs as is. Timer slack 1 ns instead of 50 µs. Applies to the calling
    /// thread (the timing benchmark's reference sleeper takes the same) and says what it got.
    /// </summary>
    internal static unsafe string TakeRadioScheduling()
    {
        var priority = 10;
        var got = Native.sched_setscheduler(Native.gettid(), Native.SCHED_FIFO, &priority) == 0 ? "SCHED_FIFO 10"
                : Native.setpriority(0, Native.gettid(), -10) == 0 ? "nice -10"
                : "default";
        Native.prctl(Native.PR_SET_TIMERSLACK, 1, 0, 0, 0);
        return got;
    }

    public void Start()
    {
        _wall.Start();
        _thread.Start();
    }

    /// <summary>Runs <paramref name="action"/> on the radio thread, at the current wall-clock time.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        Wake();
    }

    /// <summary>Runs <paramref name="f"/> on the radio thread and waits for its result.</summary>
    public T Invoke<T>(Func<T> f)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try { tcs.SetResult(f()); }
            catch (Exception e) { tcs.SetException(e); }
        });
        return tcs.Task.GetAwaiter().GetResult();
    }

    public LatenessStats Lateness()
    {
        var n = Interlocked.Read(ref _lateCount);
        return new(n, Interlocked.Read(ref _lateMax), n == 0 ? 0 : (double)Interlocked.Read(ref _lateSum) / n, Interlocked.Read(ref _lateOver1ms));
    }

    public void ResetLateness()
    {
        Interlocked.Exchange(ref _lateCount, 0);
        Interlocked.Exchange(ref _lateMax, 0);
        Interlocked.Exchange(ref _lateSum, 0);
        Interlocked.Exchange(ref _lateOver1ms, 0);
    }

    private void RecordLateness(long us)
    {
        if (us < 0)
            us = 0;
        Interlocked.Increment(ref _lateCount);
        Interlocked.Add(ref _lateSum, us);
        if (us > 1000)
            Interlocked.Increment(ref _lateOver1ms);
        long seen;
        while (us > (seen = Interlocked.Read(ref _lateMax)) && Interlocked.CompareExchange(ref _lateMax, us, seen) != seen) { }
    }

    private void Loop()
    {
        var clock = System.Clock;
        Scheduling = TakeRadioScheduling();
        while (!_stop)
        {
            try
            {
                WokeUs = WallUs;
                clock.AdvanceTo(WokeUs);
                while (_posted.TryDequeue(out var a))
                {
                    clock.AdvanceTo(WallUs);
                    a();
                }
                var next = clock.NextDueUs;
                var waitUs = next is { } due ? due - WallUs : 50_000;
                if (waitUs > 0)
                    WaitForPostOr(waitUs); // a sleep, not a spin that would starve the hosts
            }
            catch (Exception e)
            {
                Failure = e;
                FailureCount++;
                _log($"emulator: {e.GetType().Name}: {e.Message} (continuing)");
                Thread.Sleep(1); // never a tight failing loop on a real-time thread
            }
        }
    }

    private unsafe void Wake()
    {
        ulong one = 1;
        Native.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Sleeps until <paramref name="us"/> microseconds have passed or something was posted.</summary>
    private unsafe void WaitForPostOr(long us)
    {
        var fd = new Native.PollFd { Fd = _wakeFd, Events = Native.POLLIN };
        var t = new Native.Timespec { Seconds = us / 1_000_000, Nanoseconds = us % 1_000_000 * 1000 };
        if (Native.ppoll(&fd, 1, &t, null) > 0)
        {
            ulong count;
            Native.read(_wakeFd, (byte*)&count, sizeof(ulong));
        }
    }

    public void Dispose()
    {
        _stop = true;
        Wake();
        if (_thread.IsAlive)
            _thread.Join(TimeSpan.FromSeconds(2));
        Native.close(_wakeFd);
    }
}
