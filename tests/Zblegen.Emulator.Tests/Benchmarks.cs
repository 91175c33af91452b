using System.Diagnostics;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.LinkLayer;
using Zblegen.Emulator.Scripting;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Tests;

/// <summary>
/// Figures, not assertions: run with
/// dotnet test tests/Zblegen.Emulator.Tests --filter Category=Benchmark --logger "console;verbosity=detailed"
/// </summary>
[Explicit("benchmark: prints figures")]
[Category("Benchmark")]
public class Benchmarks
{
    /// <summary>
    /// L2CAP-sized ACL from a scripted central to a scripted peripheral, as fast as the controller's
    /// buffers allow, in virtual time: measured payload rate against the link's theoretical rate
    /// for each connection interval and data length.
    /// </summary>
    [Test]
    public void AclThroughputAgainstTheoreticalLinkRate()
    {
        var rows = new List<string> { $"{"interval",9} {"data len",8} {"measured B/s",13} {"theory B/s",11} {"ratio",6}" };
        foreach (var interval in new ushort[] { 6, 24, 80 })
        {
            foreach (var dataLength in new[] { 27, 251 })
            {
                var sys = new EmulatedSystem(2);
                // The controllers start the data length update themselves from the suggested default.
                var (c, p, ch, _) = HostScripts.Connected(sys, interval: interval, timeout: 400, suggestedDataLength: (ushort)dataLength);
                sys.RunFor(interval * 1250 * 4);
                Assert.That(sys.Controllers[0].Connections[ch].MaxTxOctets, Is.EqualTo(dataLength));
                var received = 0L;
                sys.Controllers[1].SendToHost += pk => { if (pk is HciAcl a) received += a.Data.Length; };
                var credits = sys.Controllers[0].Options.AclBuffers;
                sys.Controllers[0].SendToHost += pk =>
                {
                    if (pk is HciEvent { Code: EventCode.NumberOfCompletedPackets } e)
                        credits += e.Parameters[3] | e.Parameters[4] << 8;
                };
                var t0 = sys.Clock.NowUs;
                var end = t0 + 5_000_000;
                var before = received;
                while (sys.Clock.NowUs < end)
                {
                    while (credits > 0)
                    {
                        credits--;
                        c.SendAcl(ch, new byte[251]);
                    }
                    sys.Clock.RunNext();
                    c.Inbox.ToList();
                }
                var measured = (received - before) * 1e6 / (sys.Clock.NowUs - t0);
                var theory = Airtime.TheoreticalThroughput(interval * 1250, dataLength);
                rows.Add($"{interval * 1.25,7:F2}ms {dataLength,8} {measured,13:F0} {theory,11:F0} {measured / theory,6:F3}");
            }
        }
        TestContext.Out.WriteLine("ACL throughput through the emulator (virtual time, 5 s per row, no loss; host sends 251-byte ACL packets as credits allow):");
        foreach (var r in rows)
            TestContext.Out.WriteLine(r);
    }

    /// <summary>32 controllers advertising (100 ms) and scanning at once, paced to wall-clock time: how late events ran.</summary>
    [Test]
    public void ThirtyTwoControllersStayOnSchedule()
    {
        const int n = 32;
        var sys = new EmulatedSystem(n, new RadioOptions(Seed: 5));
        var hosts = Enumerable.Range(0, n).Select(i => new ScriptedHost(sys, i)).ToList();
        foreach (var h in hosts)
        {
            HostScripts.Init(h);
            HostScripts.Scan(h, active: true, interval: 0x60, window: 0x30);
            HostScripts.Advertise(h, intervalUnits: 160, data: HostScripts.AdvData($"dev{h.Controller.Index}"), scanRsp: HostScripts.AdvData("rsp"));
        }
        var reports = 0L;
        foreach (var c in sys.Controllers)
            c.SendToHost = pk => { if (pk is HciEvent { Subevent: LeSubevent.AdvertisingReport }) Interlocked.Increment(ref reports); };
        using var driver = new PacedDriver(sys);
        var advLate = new List<long>();
        foreach (var c in sys.Controllers)
            c.Advertiser!.OnEvent = scheduled => { lock (advLate) advLate.Add(Math.Max(0, driver.WallUs - scheduled)); };
        // Start the wall clock where the virtual one is, so nothing is late by construction.
        driver.Start();
        var offset = sys.Clock.NowUs;
        Thread.Sleep((int)(offset / 1000) + 200);
        driver.ResetLateness();
        lock (advLate)
            advLate.Clear();
        var sw = Stopwatch.StartNew();
        // Side by side: a plain thread sleeping to 1 ms deadlines with the same sleep call and slack, so the
        // report separates what the machine does to any sleeper from what the emulator adds.
        var reference = new List<long>();
        var referenceThread = new Thread(() =>
        {
            Native.prctl(Native.PR_SET_TIMERSLACK, 1, 0, 0, 0);
            var clock = Stopwatch.StartNew();
            for (long due = 1000; clock.ElapsedMilliseconds < 9_900; due += 1000)
            {
                var wait = due - clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
                if (wait > 0)
                    Native.SleepUs(wait);
                reference.Add(Math.Max(0, clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency - due));
            }
        }) { IsBackground = true, Name = "reference-sleeper" };
        referenceThread.Start();
        Thread.Sleep(10_000);
        referenceThread.Join();
        var stats = driver.Lateness();
        long[] sorted;
        lock (advLate)
            sorted = advLate.Order().ToArray();
        TestContext.Out.WriteLine($"32 controllers advertising every 100 ms and scanning, {sw.Elapsed.TotalSeconds:F1} s wall clock, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}:");
        TestContext.Out.WriteLine($"  advertising events {sorted.Length}, reports {Interlocked.Read(ref reports)}");
        TestContext.Out.WriteLine($"  advertising event lateness: median {sorted[sorted.Length / 2]} µs, p99 {sorted[(int)(sorted.Length * 0.99)]} µs, max {sorted[^1]} µs, within 1 ms: {sorted.Count(x => x <= 1000) * 100.0 / sorted.Length:F2} %");
        TestContext.Out.WriteLine($"  all clock actions: {stats.Count}, mean {stats.MeanUs:F0} µs late, max {stats.MaxUs} µs, over 1 ms: {stats.Over1MsCount}");
        var refSorted = reference.Order().ToArray();
        TestContext.Out.WriteLine($"  reference sleeper (same run, no emulator work): {refSorted.Length} wake-ups, median {refSorted[refSorted.Length / 2]} µs, p99 {refSorted[(int)(refSorted.Length * 0.99)]} µs, max {refSorted[^1]} µs late, within 1 ms: {refSorted.Count(x => x <= 1000) * 100.0 / refSorted.Length:F2} %");
    }
}
