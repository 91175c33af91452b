using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Scripting;

/// <summary>
/// A host written as a script, for testing controllers and the radio without MicroPython: sends
/// commands and ACL, and waits (by running the virtual clock) for the events it expects.
/// </summary>
public sealed class ScriptedHost
{
    private readonly EmulatedSystem _system;
    private readonly List<HciPacket> _inbox = [];
    private readonly List<byte> _partial = []; // the start of a packet whose rest has not come yet

    public ScriptedHost(EmulatedSystem system, int controllerIndex)
    {
        _system = system;
        Controller = system.Controllers[controllerIndex];
        Controller.SendToHost = bytes =>
        {
            // One frame a call, unless the controller cuts its stream (fragmented-h4): then reassemble as a UART reader must.
            if (_partial.Count == 0 && FrameLength(bytes) == bytes.Length)
            {
                Add(HciPacket.FromH4(bytes));
                return;
            }
            _partial.AddRange(bytes);
            var ended = 0;
            while (FrameLength(CollectionsMarshal.AsSpan(_partial)) is var n && n > 0 && n <= _partial.Count)
            {
                Add(HciPacket.FromH4(CollectionsMarshal.AsSpan(_partial)[..n]));
                _partial.RemoveRange(0, n);
                ended++;
            }
            JoinedWrites += ended > 1 ? 1 : 0;
            PartialWrites += _partial.Count > 0 ? 1 : 0;
        };
    }

    private void Add(HciPacket p)
    {
        _inbox.Add(p);
        All.Add(p);
    }

    /// <summary>Length of the H4 frame <paramref name="b"/> starts with, or 0 while its header is incomplete.</summary>
    private static int FrameLength(ReadOnlySpan<byte> b) => b.Length switch
    {
        >= 3 when b[0] == (byte)H4Type.Event => 3 + b[2],
        >= 5 when b[0] == (byte)H4Type.Acl => 5 + BinaryPrimitives.ReadUInt16LittleEndian(b[3..]),
        _ => 0,
    };

    /// <summary>Pieces from the controller that ended inside a packet, and pieces that ended two or more (fragmented-h4).</summary>
    public int PartialWrites { get; private set; }
    public int JoinedWrites { get; private set; }

    public VirtualController Controller { get; }
    /// <summary>Everything received, in order (the inbox loses what has been consumed).</summary>
    public List<HciPacket> All { get; } = [];
    public IReadOnlyList<HciPacket> Inbox => _inbox;

    /// <summary>
    /// Sends a command and returns its Command Complete or Command Status: at once from a prompt controller, after
    /// running the clock from a slow one, and a <see cref="ScriptException"/> after a host's 10 s command timeout.
    /// </summary>
    public HciEvent Send(ushort opcode, params byte[] parameters)
    {
        Controller.FeedH4(new HciCommand(opcode, parameters).ToH4());
        return WaitEvent(e => e.Code is EventCode.CommandComplete or EventCode.CommandStatus && OpcodeOf(e) == opcode,
                         10_000_000, $"answer to command 0x{opcode:X4}");
    }

    /// <summary>Sends a command that must succeed; returns its return parameters after the status byte.</summary>
    public byte[] Ok(ushort opcode, params byte[] parameters)
    {
        var e = Send(opcode, parameters);
        var status = StatusOf(e);
        if (status != Status.Success)
            throw new ScriptException($"command 0x{opcode:X4} failed with status 0x{status:X2}");
        return e.Code == EventCode.CommandComplete ? e.Parameters[4..] : [];
    }

    public void SendAcl(ushort handle, byte[] data, byte pb = HciAcl.PbFirstNonFlushable) =>
        Controller.FeedH4(new HciAcl(handle, pb, 0, data).ToH4());

    /// <summary>Runs the clock until an event matching <paramref name="match"/> arrives; consumes and returns it.</summary>
    public HciEvent WaitEvent(Func<HciEvent, bool> match, long timeoutUs = 5_000_000, string what = "event")
    {
        HciEvent? found = null;
        _system.RunUntil(() => (found = Take(match)) != null, timeoutUs);
        return found ?? throw new ScriptException($"no {what} within {timeoutUs / 1000} ms; inbox: {string.Join(", ", _inbox.Take(8))}");
    }

    public HciEvent WaitLe(byte subevent, long timeoutUs = 5_000_000) =>
        WaitEvent(e => e.Code == EventCode.LeMeta && e.Subevent == subevent, timeoutUs, $"LE subevent 0x{subevent:X2}");

    public HciEvent WaitEventCode(byte code, long timeoutUs = 5_000_000) =>
        WaitEvent(e => e.Code == code, timeoutUs, $"event 0x{code:X2}");

    /// <summary>Consumes and returns every ACL packet received so far.</summary>
    public List<HciAcl> TakeAcl()
    {
        var acl = _inbox.OfType<HciAcl>().ToList();
        _inbox.RemoveAll(p => p is HciAcl);
        return acl;
    }

    public static ushort OpcodeOf(HciEvent e) => e.Code == EventCode.CommandComplete
        ? BinaryPrimitives.ReadUInt16LittleEndian(e.Parameters.AsSpan(1))
        : BinaryPrimitives.ReadUInt16LittleEndian(e.Parameters.AsSpan(2));

    public static byte StatusOf(HciEvent e) => e.Code == EventCode.CommandComplete ? e.Parameters[3] : e.Parameters[0];

    private HciEvent? Take(Func<HciEvent, bool> match)
    {
        for (var i = 0; i < _inbox.Count; i++)
        {
            if (_inbox[i] is HciEvent e && match(e))
            {
                _inbox.RemoveAt(i);
                return e;
            }
        }
        return null;
    }
}

public sealed class ScriptException(string message) : Exception(message);
