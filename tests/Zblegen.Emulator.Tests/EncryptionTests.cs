using Zblegen.Emulator.Controller;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Scripting;

namespace Zblegen.Emulator.Tests;

/// <summary>Encryption of a link as real link layers run it (Core spec Vol 6 Part B §5.1.3).</summary>
public class EncryptionTests
{
    private static byte[] Ltk(byte seed) => Enumerable.Range(seed, 16).Select(i => (byte)i).ToArray();

    private static void Enable(ScriptedHost c, ushort ch, byte[] ltk) => c.Ok(Op.LeEnableEncryption, [.. HostScripts.Handle(ch), .. new byte[10], .. ltk]);

    private static void Encrypt(ScriptedHost c, ScriptedHost p, ushort ch, ushort ph, byte[] ltk)
    {
        Enable(c, ch, ltk);
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. ltk]);
    }

    [Test]
    public void The_peripheral_host_gets_the_ltk_request_with_rand_and_ediv()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        c.Ok(Op.LeEnableEncryption, [.. HostScripts.Handle(ch), 1, 2, 3, 4, 5, 6, 7, 8, 0x34, 0x12, .. Ltk(1)]);
        var req = p.WaitLe(LeSubevent.LongTermKeyRequest);
        Assert.That(req.Parameters, Is.EqualTo(new byte[] { LeSubevent.LongTermKeyRequest, (byte)ph, (byte)(ph >> 8), 1, 2, 3, 4, 5, 6, 7, 8, 0x34, 0x12 }));
    }

    [Test]
    public void Acl_waits_while_encryption_starts_and_flows_encrypted_after_it()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        Enable(c, ch, Ltk(1));
        c.SendAcl(ch, [4, 0, 0x04, 0, 1, 2, 3, 4]);
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.SendAcl(ph, [4, 0, 0x04, 0, 5, 6, 7, 8]);
        sys.RunFor(200_000); // many connection events: the peripheral's host still holds the key back
        Assert.That(p.Inbox.OfType<HciAcl>(), Is.Empty, "no data reaches the peripheral while encryption starts");
        Assert.That(c.Inbox.OfType<HciAcl>(), Is.Empty, "nor the central");
        Assert.That(sys.Controllers[1].Connections[ph].AclPaused, Is.True);
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(1)]);
        c.WaitEventCode(EventCode.EncryptionChange);
        p.WaitEventCode(EventCode.EncryptionChange);
        sys.RunFor(200_000);
        Assert.That(p.All.FindIndex(x => x is HciAcl), Is.GreaterThan(p.All.FindIndex(x => x is HciEvent { Code: EventCode.EncryptionChange })));
        Assert.That(c.All.FindIndex(x => x is HciAcl), Is.GreaterThan(c.All.FindIndex(x => x is HciEvent { Code: EventCode.EncryptionChange })));
        Assert.That(sys.Controllers[0].Connections[ch].Encrypted && sys.Controllers[1].Connections[ph].Encrypted, Is.True);
    }

    [Test]
    public void Re_encrypting_pauses_the_link_and_both_hosts_get_key_refresh_complete()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        Encrypt(c, p, ch, ph, Ltk(1));
        Assert.That(c.WaitEventCode(EventCode.EncryptionChange).Parameters, Is.EqualTo(new byte[] { 0, (byte)ch, (byte)(ch >> 8), 1 }));
        Assert.That(p.WaitEventCode(EventCode.EncryptionChange).Parameters, Is.EqualTo(new byte[] { 0, (byte)ph, (byte)(ph >> 8), 1 }));
        Enable(c, ch, Ltk(3));
        c.SendAcl(ch, [4, 0, 0x04, 0, 1, 2, 3, 4]);
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        Assert.That(sys.Controllers[1].Connections[ph].Encrypted, Is.False, "paused: LL_PAUSE_ENC_REQ/RSP went first");
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(3)]);
        Assert.That(c.WaitEventCode(EventCode.EncryptionKeyRefreshComplete).Parameters, Is.EqualTo(new byte[] { 0, (byte)ch, (byte)(ch >> 8) }));
        Assert.That(p.WaitEventCode(EventCode.EncryptionKeyRefreshComplete).Parameters, Is.EqualTo(new byte[] { 0, (byte)ph, (byte)(ph >> 8) }));
        sys.RunFor(200_000);
        Assert.That(p.All.FindIndex(x => x is HciAcl), Is.GreaterThan(p.All.FindIndex(x => x is HciEvent { Code: EventCode.EncryptionKeyRefreshComplete })));
        Assert.That(c.All.OfType<HciEvent>().Count(e => e.Code == EventCode.EncryptionChange), Is.EqualTo(1), "no second Encryption Change");
    }

    [Test]
    public void A_negative_ltk_reply_gives_the_central_pin_or_key_missing_and_the_link_stays_up_unencrypted()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        Enable(c, ch, Ltk(1));
        c.SendAcl(ch, [4, 0, 0x04, 0, 1, 2, 3, 4]);
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestNegativeReply, HostScripts.Handle(ph));
        Assert.That(c.WaitEventCode(EventCode.EncryptionChange).Parameters, Is.EqualTo(new byte[] { Status.PinOrKeyMissing, (byte)ch, (byte)(ch >> 8), 0 }));
        sys.RunFor(200_000);
        Assert.That(p.All.OfType<HciEvent>().Any(e => e.Code == EventCode.EncryptionChange), Is.False, "the peripheral's host refused: it is not told again");
        Assert.That(p.Inbox.OfType<HciAcl>(), Has.Exactly(1).Items, "held data flows again");
        Assert.That(sys.Controllers[0].Connections[ch].Encrypted, Is.False);
    }

    [Test]
    public void A_negative_ltk_reply_to_a_key_refresh_leaves_the_link_unencrypted()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        Encrypt(c, p, ch, ph, Ltk(1));
        c.WaitEventCode(EventCode.EncryptionChange);
        Enable(c, ch, Ltk(3));
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestNegativeReply, HostScripts.Handle(ph));
        Assert.That(c.WaitEventCode(EventCode.EncryptionChange).Parameters, Is.EqualTo(new byte[] { Status.PinOrKeyMissing, (byte)ch, (byte)(ch >> 8), 0 }));
        Assert.That(sys.Controllers[0].Connections[ch].Encrypted || sys.Controllers[1].Connections[ph].Encrypted, Is.False);
        Enable(c, ch, Ltk(1)); // a fresh start, not a refresh
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(1)]);
        Assert.That(c.WaitEventCode(EventCode.EncryptionChange).Parameters[0], Is.EqualTo(Status.Success));
    }

    [Test]
    public void A_masked_ltk_request_is_refused_by_the_controller()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, _) = HostScripts.Connected(sys);
        p.Ok(Op.LeSetEventMask, BitConverter.GetBytes(0x00000000000FFE6FUL)); // without LE Long Term Key Request
        Enable(c, ch, Ltk(1));
        Assert.That(c.WaitEventCode(EventCode.EncryptionChange).Parameters[0], Is.EqualTo(Status.PinOrKeyMissing));
    }

    [Test]
    public void Mismatched_keys_fail_the_mic_at_the_peripheral_and_the_central_times_out()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys, timeout: 100);
        Enable(c, ch, Ltk(1));
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(2)]);
        // The central's LL_START_ENC_RSP is the first encrypted PDU: the peripheral's MIC check fails and it leaves at once.
        Assert.That(p.WaitEventCode(EventCode.DisconnectionComplete).Parameters[3], Is.EqualTo(Status.ConnectionTerminatedMicFailure));
        var micFailedAt = sys.Clock.NowUs;
        Assert.That(sys.Controllers[1].Connections, Is.Empty);
        Assert.That(c.WaitEventCode(EventCode.DisconnectionComplete).Parameters[3], Is.EqualTo(Status.ConnectionTimeout));
        Assert.That(sys.Clock.NowUs - micFailedAt, Is.InRange(900_000, 1_100_000), "the central hears silence for its supervision timeout");
        Assert.That(c.All.OfType<HciEvent>().Any(e => e.Code == EventCode.EncryptionChange), Is.False);
    }

    [Test]
    public void Mismatched_keys_on_a_key_refresh_also_fail_the_mic()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        Encrypt(c, p, ch, ph, Ltk(1));
        c.WaitEventCode(EventCode.EncryptionChange);
        Enable(c, ch, Ltk(3));
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(4)]);
        Assert.That(p.WaitEventCode(EventCode.DisconnectionComplete).Parameters[3], Is.EqualTo(Status.ConnectionTerminatedMicFailure));
    }

    [Test]
    public void A_second_le_enable_encryption_while_one_is_starting_is_disallowed()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        Enable(c, ch, Ltk(1));
        var again = c.Send(Op.LeEnableEncryption, [.. HostScripts.Handle(ch), .. new byte[10], .. Ltk(1)]);
        Assert.That((again.Code, ScriptedHost.StatusOf(again)), Is.EqualTo((EventCode.CommandStatus, Status.CommandDisallowed)));
        p.WaitLe(LeSubevent.LongTermKeyRequest);
        p.Ok(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(1)]);
        c.WaitEventCode(EventCode.EncryptionChange);
        Enable(c, ch, Ltk(1)); // once done, a new start is a key refresh
    }

    [Test]
    public void Le_enable_encryption_on_a_peripheral_or_an_unknown_handle_is_refused()
    {
        var sys = new EmulatedSystem(2);
        var (_, p, _, ph) = HostScripts.Connected(sys);
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeEnableEncryption, [.. HostScripts.Handle(ph), .. new byte[10], .. Ltk(1)])), Is.EqualTo(Status.CommandDisallowed));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeEnableEncryption, [0x77, 0, .. new byte[10], .. Ltk(1)])), Is.EqualTo(Status.UnknownConnectionId));
        Assert.That(ScriptedHost.StatusOf(p.Send(Op.LeLongTermKeyRequestReply, [.. HostScripts.Handle(ph), .. Ltk(1)])), Is.EqualTo(Status.CommandDisallowed), "no request pending");
    }

    [Test]
    public void Encryption_change_v2_carries_the_key_size_when_the_host_unmasks_it_on_page_2()
    {
        var sys = new EmulatedSystem(2);
        var (c, p, ch, ph) = HostScripts.Connected(sys);
        c.Ok(Op.SetEventMaskPage2, BitConverter.GetBytes(1UL << 25));
        Encrypt(c, p, ch, ph, Ltk(1));
        Assert.That(c.WaitEventCode(EventCode.EncryptionChangeV2).Parameters, Is.EqualTo(new byte[] { 0, (byte)ch, (byte)(ch >> 8), 1, 16 }));
        Assert.That(p.WaitEventCode(EventCode.EncryptionChange).Parameters, Has.Length.EqualTo(4), "page 2 of the other host left as it was: v1");
        Assert.That(c.All.OfType<HciEvent>().Any(e => e.Code == EventCode.EncryptionChange), Is.False, "not both versions");
    }
}
