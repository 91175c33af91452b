using System.Diagnostics;
using Zblegen.Emulator.Multitest;

namespace Zblegen.Emulator.Tests;

[TestFixture]
public class CrashWatchTests
{
    private static (int Exit, string Output) Run(string wrapper, string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(wrapper) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static string Wrapper() => CrashWatch.Wrap("/bin/sh", Path.Combine(Path.GetTempPath(), "zblegen-crashwatch", Guid.NewGuid().ToString("N")), "sh");

    [Test]
    public void An_instance_that_ends_normally_passes_its_input_output_and_exit_code_through()
    {
        var (exit, output) = Run(Wrapper(), "hello\n", "-c", "read x; echo got $x; exit 3");
        Assert.That((exit, output), Is.EqualTo((3, "got hello\n")));
    }

    [Test]
    public void An_instance_killed_by_a_signal_says_so_in_its_output()
    {
        var (exit, output) = Run(Wrapper(), "", "-c", "echo last words; kill -SEGV $$");
        Assert.That(output, Is.EqualTo($"last words\n{CrashWatch.Marker} 11\n"));
        Assert.That(exit, Is.EqualTo(128 + 11));
    }
}
