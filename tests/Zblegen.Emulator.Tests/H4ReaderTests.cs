using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Tests;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class H4ReaderTests
{
    private readonly List<HciPacket> _packets = [];
    private readonly List<string> _drops = [];
    private H4Reader NewReader() => new(251, _packets.Add, _drops.Add);

    [Test]
    public void Splits_commands_and_acl_across_arbitrary_chunks()
    {
        var r = NewReader();
        byte[] stream = [.. new HciCommand(Op.Reset, []).ToH4(), .. new HciAcl(3, 0b10, 0, [1, 2, 3]).ToH4(), .. new HciCommand(Op.LeSetScanEnable, [1, 0]).ToH4()];
        foreach (var b in stream)
            r.Feed([b]);
        Assert.That(_packets, Has.Count.EqualTo(3));
        Assert.That(_packets[0].ToH4(), Is.EqualTo(new HciCommand(Op.Reset, []).ToH4()));
        var acl = (HciAcl)_packets[1];
        Assert.That((acl.Handle, acl.Pb, acl.Data), Is.EqualTo(((ushort)3, (byte)0b10, new byte[] { 1, 2, 3 })));
        Assert.That(((HciCommand)_packets[2]).Parameters, Is.EqualTo(new byte[] { 1, 0 }));
        Assert.That(_drops, Is.Empty);
    }

    [Test]
    public void Bad_packet_type_is_dropped_and_framing_resumes()
    {
        var r = NewReader();
        r.Feed([0x04, 0x09, .. new HciCommand(Op.Reset, []).ToH4()]);
        Assert.That(_drops, Has.Count.EqualTo(2));
        Assert.That(_drops[0], Does.Contain("bad packet type 0x04"));
        Assert.That(_packets, Has.Count.EqualTo(1));
    }

    [Test]
    public void Oversized_acl_is_skipped_whole_then_framing_resumes()
    {
        var r = NewReader();
        r.Feed([.. new HciAcl(1, 0, 0, new byte[300]).ToH4(), .. new HciCommand(Op.Reset, []).ToH4()]);
        Assert.That(_drops.Single(), Does.Contain("oversized ACL packet: 300 bytes"));
        Assert.That(_packets.Single(), Is.InstanceOf<HciCommand>());
    }

    [Test]
    public void Abandon_drops_truncated_packet()
    {
        var r = NewReader();
        r.Feed([0x01, 0x03, 0x0C, 0x05, 0xAA]);
        Assert.That(r.InPacket, Is.True);
        r.Abandon();
        r.Feed(new HciCommand(Op.Reset, []).ToH4());
        Assert.That(_drops.Single(), Does.Contain("truncated packet: 5 of 9 bytes"));
        Assert.That(_packets.Single(), Is.InstanceOf<HciCommand>());
    }
}
