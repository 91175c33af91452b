using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

public class FuzzTests
{
    /// <summary>
    /// 100,000 random packets (valid types with random opcodes and lengths, bad types, oversized
    /// and truncated ACL) into two connected controllers: nothing throws, and afterwards both still
    /// answer HCI_Reset.
    /// </summary>
    [Test]
    public void Hundred_thousand_random_packets_never_crash_the_controller()
    {
        var rng = new Random(20261125);
        var sys = new EmulatedSystem(2);
        var (central, _, _, _) = HostScripts.Connected(sys);
        var log = new List<string>();
        var knownOps = Controller.VirtualController.Commands.All.Select(c => c.Opcode).ToArray();
        var answered = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] packet;
            switch (rng.Next(6))
            {
                case 0: // a real opcode with random parameters of random length
                    {
                        var prm = new byte[rng.Next(0, 40)];
                        rng.NextBytes(prm);
                        packet = new HciCommand(knownOps[rng.Next(knownOps.Length)], prm).ToH4();
                        break;
                    }
                case 1: // any opcode
                    {
                        var prm = new byte[rng.Next(0, 256)];
                        rng.NextBytes(prm);
                        packet = new HciCommand((ushort)rng.Next(0x10000), prm).ToH4();
                        break;
                    }
                case 2: // ACL, any handle, sometimes oversized by its header
                    {
                        var data = new byte[rng.Next(0, 300)];
                        rng.NextBytes(data);
                        packet = new HciAcl((ushort)rng.Next(4), (byte)rng.Next(4), 0, data).ToH4();
                        break;
                    }
                case 3: // bad packet type
                    packet = [(byte)rng.Next(0x03, 0x100), .. new byte[rng.Next(0, 8)]];
                    break;
                case 4: // truncated packet, abandoned as the transport does after a pause
                    {
                        var full = new HciCommand((ushort)rng.Next(0x10000), new byte[rng.Next(1, 50)]).ToH4();
                        packet = full[..rng.Next(1, full.Length)];
                        break;
                    }
                default: // raw noise
                    packet = new byte[rng.Next(1, 20)];
                    rng.NextBytes(packet);
                    break;
            }
            var before = central.All.Count;
            central.Controller.FeedH4(packet);
            if (i % 64 == 63)
            {
                central.Controller.AbandonPartialPacket();
                sys.RunFor(2_000);
            }
            answered += central.All.Count > before ? 1 : 0;
        }
        central.Controller.AbandonPartialPacket();
        Assert.That(central.Controller.DroppedFromHost, Is.GreaterThan(0));
        Assert.That(answered, Is.GreaterThan(10_000));
        foreach (var i in new[] { 0, 1 })
        {
            var h = new ScriptedHost(sys, i);
            Assert.That(h.Ok(Op.Reset), Is.Empty);
            HostScripts.Init(h);
        }
    }

    /// <summary>Every complete command gets exactly one Command Complete or Command Status for its opcode: never silence.</summary>
    [Test]
    public void Every_command_is_answered()
    {
        var rng = new Random(5);
        var sys = new EmulatedSystem(1);
        var host = new ScriptedHost(sys, 0);
        HostScripts.Init(host);
        for (var i = 0; i < 5000; i++)
        {
            var op = (ushort)rng.Next(0x10000);
            if (op is Op.HostNumberOfCompletedPackets or Op.Reset)
                continue;
            var prm = new byte[rng.Next(0, 64)];
            rng.NextBytes(prm);
            var before = host.All.Count;
            host.Controller.FeedH4(new HciCommand(op, prm).ToH4());
            var answers = host.All.Skip(before).OfType<HciEvent>()
                .Where(e => e.Code is EventCode.CommandComplete or EventCode.CommandStatus).ToList();
            Assert.That(answers.Select(ScriptedHost.OpcodeOf), Is.EqualTo(new[] { op }), $"opcode 0x{op:X4}");
        }
    }
}
