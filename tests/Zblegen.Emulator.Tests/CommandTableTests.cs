using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

/// <summary>The command table is the only list of commands: the mask, the answers and the dispatch follow it.</summary>
public class CommandTableTests
{
    private static readonly CommandTable Table = VirtualController.Commands;

    /// <summary>A controller that lists LE 2M PHY knows every entry of the table.</summary>
    private static EmulatedSystem Everything() => new(1, options: i => ControllerOptions.ForIndex(i) with { Le2MPhy = true });

    [Test]
    public void The_supported_commands_mask_has_a_bit_for_exactly_the_commands_that_declare_one()
    {
        var mask = new ScriptedHost(Everything(), 0).Ok(Op.ReadLocalSupportedCommands);
        var declared = Table.All.Where(c => c.Bit != null).Select(c => c.Bit!.Value).ToList();
        Assert.That(declared, Is.Unique, "two commands declare the same bit");
        var set = Enumerable.Range(0, mask.Length * 8).Where(i => (mask[i / 8] & (1 << (i % 8))) != 0)
            .Select(i => new SupportedCommandBit(i / 8, i % 8));
        Assert.That(set, Is.EquivalentTo(declared));
    }

    [Test]
    public void Each_command_answers_a_short_command_with_the_event_its_entry_declares()
    {
        var h = new ScriptedHost(Everything(), 0);
        var invalid = new List<ushort>();
        foreach (var c in Table.All)
        {
            var expected = c.Answer == AnswerKind.CommandStatus ? EventCode.CommandStatus : EventCode.CommandComplete;
            var e = h.Send(c.Opcode); // no parameters: invalid for every command that takes some
            Assert.That(e.Code, Is.EqualTo(expected), $"0x{c.Opcode:X4}");
            if (ScriptedHost.StatusOf(e) == Status.InvalidParameters)
                invalid.Add(c.Opcode);
        }
        // Every Command Status command takes parameters, so each went through the invalid-parameters path.
        Assert.That(invalid, Is.SupersetOf(Table.All.Where(c => c.Answer == AnswerKind.CommandStatus).Select(c => c.Opcode)));
        Assert.That(invalid, Does.Contain(Op.SetEventMask));
    }

    [Test]
    public void A_command_whose_capability_the_controller_lacks_is_neither_listed_nor_known()
    {
        var h = new ScriptedHost(new EmulatedSystem(1), 0); // LE 1M only
        var setPhy = Table.All.Single(c => c.Opcode == Op.LeSetPhy);
        Assert.That(setPhy.Needs, Is.EqualTo(Capability.Le2MPhy));
        var mask = h.Ok(Op.ReadLocalSupportedCommands);
        Assert.That(mask[setPhy.Bit!.Value.Octet] & (1 << setPhy.Bit.Value.Bit), Is.Zero);
        var e = h.Send(Op.LeSetPhy, 0, 0, 0, 2, 2, 0, 0);
        Assert.That((e.Code, ScriptedHost.StatusOf(e)), Is.EqualTo((EventCode.CommandComplete, Status.UnknownCommand)));
        Assert.That(h.Ok(Op.LeReadLocalSupportedFeatures)[1] & 1, Is.Zero, "no LE 2M PHY feature bit");
    }

    [Test]
    public void An_opcode_not_in_the_table_gets_Unknown_HCI_Command()
    {
        var h = new ScriptedHost(new EmulatedSystem(1), 0);
        // Every OCF below 0x80 in each group the table uses, so near misses of real commands are covered.
        var groups = Table.All.Select(c => c.Opcode >> 10).Distinct();
        var unknown = groups.SelectMany(ogf => Enumerable.Range(0, 0x80).Select(ocf => (ushort)(ogf << 10 | ocf)))
            .Where(op => !Table.TryGet(op, out _)).ToList();
        Assert.That(unknown, Does.Contain(Op.LeRemoteConnectionParameterRequestReply));
        foreach (var op in unknown)
        {
            var e = h.Send(op, 1, 2, 3);
            Assert.That((e.Code, ScriptedHost.StatusOf(e)), Is.EqualTo((EventCode.CommandComplete, Status.UnknownCommand)), $"0x{op:X4}");
        }
    }
}
