using Zblegen.Emulator.Hci;

namespace Zblegen.Emulator.Tests;

public class H4FrameQueueTests
{
    private static HciPacket Packet(int i) => i % 3 == 0
        ? new HciAcl((ushort)(i % 16), HciAcl.PbFirstFlushable, 0, Enumerable.Repeat((byte)i, i % 200).ToArray())
        : new HciEvent((byte)i, Enumerable.Repeat((byte)i, i % 60).ToArray());

    private static void Append(H4FrameQueue q, HciPacket p) => p.WriteH4(q.Append(p.Type, p.H4Length));

    /// <summary>Frames come out whole and in order while the queue grows past its first buffer and starts over part drained.</summary>
    [Test]
    public void Frames_come_out_in_order_across_growth_and_compaction()
    {
        var q = new H4FrameQueue();
        var expected = new Queue<HciPacket>();
        var next = 0;
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 15 + round * 3; i++)
            {
                var p = Packet(next++);
                Append(q, p);
                expected.Enqueue(p);
            }
            Assert.That(q.AclCount, Is.EqualTo(expected.Count(p => p is HciAcl)));
            for (var i = 0; i < 10 + round * 3; i++)
            {
                Assert.That(q.Peek().ToArray(), Is.EqualTo(expected.Dequeue().ToH4()));
                q.Dequeue();
            }
        }
        while (expected.Count > 0)
        {
            Assert.That(q.Peek().ToArray(), Is.EqualTo(expected.Dequeue().ToH4()));
            q.Dequeue();
        }
        Assert.That(q.IsEmpty && q.AclCount == 0, Is.True);
    }
}
