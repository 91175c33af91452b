using System.Diagnostics;
using Zblegen.Emulator.Hci;
using Zblegen.Emulator.Transport;

namespace Zblegen.Emulator.Tests;

public class BtSnoopTests
{
    private static string? Tshark() =>
        new[] { "/usr/bin/tshark", "/usr/local/bin/tshark" }.FirstOrDefault(File.Exists);

    private static string RunTshark(string tshark, params string[] args)
    {
        var psi = new ProcessStartInfo(tshark) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), error.Result);
        return output.Result;
    }

    [Test]
    public void Header_is_btsnoop_version_1_with_H4_datalink()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"hdr-{Guid.NewGuid():N}.btsnoop");
        using (var w = new BtSnoopWriter(path))
            w.Write(new HciCommand(Op.Reset, []), toHost: false);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        Assert.That(bytes[..8], Is.EqualTo("btsnoop\0"u8.ToArray()));
        Assert.That(bytes[8..16], Is.EqualTo(new byte[] { 0, 0, 0, 1, 0, 0, 0x03, 0xEA }));
        Assert.That(bytes.Length, Is.EqualTo(16 + 24 + 4));
        Assert.That(bytes[16 + 11], Is.EqualTo(2), "flags: host to controller, command");
    }

    /// <summary>A capture of init, advertising, connection and ACL, read back by Wireshark's tshark.</summary>
    [Test]
    public void Tshark_reads_a_capture_of_a_connection()
    {
        var tshark = Tshark();
        if (tshark == null)
            Assert.Ignore("tshark is not installed (Debian package tshark)");
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"snoop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var sys = new EmulatedSystem(2);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var writers = sys.Controllers.Select(c => new BtSnoopWriter(Path.Combine(dir, $"c{c.Index}.btsnoop"), () => start.AddTicks(sys.Clock.NowUs * 10))).ToList();
        foreach (var c in sys.Controllers)
            c.Tap = writers[c.Index].Write;
        var (central, peripheral, ch, ph) = HostScripts.Connected(sys);
        // An ATT Exchange MTU Request on CID 4: L2CAP length 3, CID 0x0004, opcode 0x02, MTU 185.
        central.SendAcl(ch, [3, 0, 4, 0, 0x02, 185, 0]);
        sys.RunFor(200_000);
        central.Ok(Op.Disconnect, [.. HostScripts.Handle(ch), Status.RemoteUserTerminated]);
        sys.RunFor(200_000);
        foreach (var w in writers)
            w.Dispose();

        var frames = RunTshark(tshark, "-r", Path.Combine(dir, "c1.btsnoop"), "-T", "fields", "-e", "hci_h4.type", "-e", "hci_h4.direction", "-e", "_ws.col.Info")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(frames[0], Does.Contain("Reset"));
        Assert.That(frames, Has.Some.Contains("LE Set Advertise Enable"));
        Assert.That(frames, Has.Some.Contains("Enhanced Connection Complete"));
        Assert.That(frames, Has.Some.Contains("Exchange MTU Request"));
        Assert.That(frames, Has.Some.Contains("Disconnect Complete"));
        var malformed = RunTshark(tshark, "-r", Path.Combine(dir, "c0.btsnoop"), "-Y", "_ws.malformed || _ws.expert.severity == error");
        Assert.That(malformed.Trim(), Is.Empty, "tshark finds no malformed packet");
        var times = RunTshark(tshark, "-r", Path.Combine(dir, "c0.btsnoop"), "-T", "fields", "-e", "frame.time_epoch")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(double.Parse).ToList();
        Assert.That(times, Is.Ordered);
        Assert.That(times[0], Is.EqualTo((start - DateTime.UnixEpoch).TotalSeconds).Within(1.0));
        Directory.Delete(dir, true);
    }
}
