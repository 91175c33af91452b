using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Controller;

/// <summary>Which event first answers a command (Core spec Vol 4 Part E §4.4).</summary>
public enum AnswerKind
{
    /// <summary>The command is done: Command Complete carries its return parameters.</summary>
    CommandComplete,

    /// <summary>The command has started: Command Status carries only a status, later events the outcome.</summary>
    CommandStatus,
}

/// <summary>What a controller must support for a command to be known to it.</summary>
public enum Capability
{
    /// <summary>Every controller handles the command.</summary>
    None,
    /// <summary>Only a controller that lists LE 2M PHY: one that lists only LE 1M has no use for it.</summary>
    Le2MPhy,
    /// <summary>Only a controller that lists LL Privacy: the resolving list and what works on it.</summary>
    LlPrivacy,
}

/// <summary>A command's bit in Supported_Commands (Core spec Vol 4 Part E §6.27).</summary>
public readonly record struct SupportedCommandBit(int Octet, int Bit);

/// <summary>
/// Runs one command on a controller and returns its return parameters, status first, or null
/// when the command is not answered at all (Host_Number_Of_Completed_Packets).
/// </summary>
internal delegate ParamWriter? CommandHandler(VirtualController controller, ref ParamReader parameters);

/// <summary>
/// One HCI command the controller handles. <see cref="Bit"/> is null for a command the mask leaves
/// out, as a vendor command has no bit. A controller without <see cref="Needs"/> neither lists nor knows it.
/// </summary>
internal sealed record ControllerCommand(ushort Opcode, AnswerKind Answer, SupportedCommandBit? Bit, CommandHandler Handler, Capability Needs = Capability.None)
{
    /// <summary>The event that answers this command, from the return parameters its handler (or a parameter error) gave.</summary>
    public HciEvent AnswerWith(byte[] returnParameters) => Answer switch
    {
        AnswerKind.CommandComplete => Events.CommandComplete(Opcode, returnParameters),
        AnswerKind.CommandStatus when returnParameters.Length == 1 => Events.CommandStatus(Opcode, returnParameters[0]),
        // A handler returning more than a status for a Command Status command is a bug here, never input.
        _ => throw new InvalidOperationException($"command 0x{Opcode:X4} is answered with Command Status, which carries only a status"),
    };
}

/// <summary>
/// Every command the controller handles, each declared once: dispatch, the answer kind and the
/// Supported_Commands mask all come from here, so a host never sees a bit for a command that is
/// unknown, nor misses one for a command that is handled.
/// </summary>
internal sealed class CommandTable
{
    private readonly FrozenDictionary<ushort, ControllerCommand> _byOpcode;

    public CommandTable(IEnumerable<ControllerCommand> commands)
    {
        All = [.. commands];
        _byOpcode = All.ToFrozenDictionary(c => c.Opcode); // a command declared twice throws here
    }

    public ImmutableArray<ControllerCommand> All { get; }

    public bool TryGet(ushort opcode, [MaybeNullWhen(false)] out ControllerCommand command) => _byOpcode.TryGetValue(opcode, out command);

    /// <summary>Read_Local_Supported_Commands' 64 octets for a controller that has what <paramref name="has"/> says.</summary>
    public byte[] SupportedCommandsMask(Func<Capability, bool> has)
    {
        var mask = new byte[64];
        foreach (var c in All)
            if (c.Bit is { } b && has(c.Needs))
                mask[b.Octet] |= (byte)(1 << b.Bit);
        return mask;
    }
}
