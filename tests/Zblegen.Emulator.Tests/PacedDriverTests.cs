using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Tests;

public class PacedDriverTests
{
    [Test]
    public void Virtual_time_follows_wall_clock_time()
    {
        var sys = new EmulatedSystem(1);
        using var driver = new PacedDriver(sys);
        driver.Start();
        Thread.Sleep(300);
        var (virtualUs, wallUs) = driver.Invoke(() => (sys.Clock.NowUs, driver.WallUs));
        Assert.That(virtualUs, Is.InRange(wallUs - 60_000, wallUs));
    }

    [Test]
    public void A_failing_action_is_logged_and_the_radio_goes_on()
    {
        var sys = new EmulatedSystem(1);
        var log = new List<string>();
        using var driver = new PacedDriver(sys, m => { lock (log) log.Add(m); });
        driver.Start();
        driver.Post(() => throw new InvalidOperationException("boom"));
        Assert.That(driver.Invoke(() => 42), Is.EqualTo(42));
        Assert.That(driver.FailureCount, Is.EqualTo(1));
        lock (log)
            Assert.That(log, Has.One.Contains("boom"));
    }
}
