using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

/// <summary>Parameters the controller picks itself, as real controllers pick them (README: Parameters the controller picks).</summary>
public class ControllerParameterTests
{
    [Test]
    public void The_central_takes_the_hosts_Interval_Max()
    {
        var sys = new EmulatedSystem(2);
        var c = new ScriptedHost(sys, 0);
        var p = new ScriptedHost(sys, 1);
        HostScripts.Init(c);
        HostScripts.Init(p);
        HostScripts.Advertise(p);
        HostScripts.CreateConnection(c, sys.Controllers[1].Options.PublicAddress, interval: 24, intervalMax: 40);
        var cc = c.WaitLe(LeSubevent.EnhancedConnectionComplete);
        var ch = (ushort)(cc.Parameters[2] | cc.Parameters[3] << 8);
        Assert.That(cc.Parameters[24] | cc.Parameters[25] << 8, Is.EqualTo(40), "Conn_Interval in Enhanced Connection Complete");
        Assert.That(sys.Controllers[0].Connections[ch].Link.Interval, Is.EqualTo(40));
        // A connection update the central runs takes the maximum too.
        c.Ok(Op.LeConnectionUpdate, [.. HostScripts.Handle(ch), 30, 0, 60, 0, 0, 0, 200, 0, 0, 0, 0, 0]);
        var update = c.WaitLe(LeSubevent.ConnectionUpdateComplete);
        Assert.That(update.Parameters[4] | update.Parameters[5] << 8, Is.EqualTo(60));
    }

    [Test]
    public void A_supervision_timeout_shorter_than_twice_the_longest_gap_is_invalid()
    {
        var sys = new EmulatedSystem(1);
        var h = new ScriptedHost(sys, 0);
        HostScripts.Init(h);
        // Interval_Max 100 ms, latency 0: the timeout must exceed 200 ms; 200 ms is not enough.
        byte[] prm = [0x30, 0, 0x30, 0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 80, 0, 80, 0, 0, 0, 20, 0, 0, 0, 0, 0];
        Assert.That(ScriptedHost.StatusOf(h.Send(Op.LeCreateConnection, prm)), Is.EqualTo(Status.InvalidParameters));
        prm[19] = 21;
        Assert.That(ScriptedHost.StatusOf(h.Send(Op.LeCreateConnection, prm)), Is.EqualTo(Status.Success));
    }
}
