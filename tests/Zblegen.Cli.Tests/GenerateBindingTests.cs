using System.Text.RegularExpressions;
using Zblegen.Cli;

namespace Zblegen.Cli.Tests;

/// <summary>
/// generate holds the binding's plain C to MicroPython's header: on a copy of the repository's bindings/ and
/// templates/, a renamed backend function fails generate at the binding's file and line, and a definition taken
/// out of the C becomes an EOPNOTSUPP stub.
/// </summary>
[TestFixture]
[NonParallelizable]
public class GenerateBindingTests
{
    private string _repo = "";
    private string? _saved;

    private static string RealRepo
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Generator.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("no Generator.sln above the test directory");
        }
    }

    [SetUp]
    public void CopyRepository()
    {
        _repo = Path.Combine(Path.GetTempPath(), "zblegen-cli-tests", Guid.NewGuid().ToString("N"));
        foreach (var folder in new[] { "bindings", "templates" })
            Copy(Path.Combine(RealRepo, folder), Path.Combine(_repo, folder));
        File.WriteAllText(Path.Combine(_repo, "Generator.sln"), "");
        _saved = Environment.GetEnvironmentVariable("ZBLEGEN_REPO");
        Environment.SetEnvironmentVariable("ZBLEGEN_REPO", _repo);
    }

    [TearDown]
    public void Restore() => Environment.SetEnvironmentVariable("ZBLEGEN_REPO", _saved);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Edit(string relative, Func<string, string> change)
    {
        var path = Path.Combine(_repo, relative);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.That(after, Is.Not.EqualTo(before), $"the test's edit of {relative} changed nothing");
        File.WriteAllText(path, after);
        return after;
    }

    [Test]
    public void A_backend_function_renamed_in_the_snapshot_fails_generate_at_the_binding_file_and_line()
    {
        Edit("bindings/snapshots/micropython-1.28.0/modbluetooth.json",
            t => t.Replace("\"mp_bluetooth_gap_advertise_stop\"", "\"mp_bluetooth_gap_advertise_halt\""));
        var line = File.ReadAllLines(Path.Combine(_repo, "templates/zephyr_ble/modbluetooth_zephyr_gap.c"))
            .Select((text, i) => (text, i)).Single(l => l.text.StartsWith("void mp_bluetooth_gap_advertise_stop(void) {")).i + 1;
        var outDir = Path.Combine(_repo, "out");
        var r = Run("generate", "--out", outDir);
        Assert.That(r.Exit, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
        Assert.That(r.Err, Does.StartWith($"zblegen: templates/zephyr_ble/modbluetooth_zephyr_gap.c:{line}: mp_bluetooth_gap_advertise_stop is not a backend function of MicroPython 1.28.0's extmod/modbluetooth.h"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing is written");
    }

    [Test]
    public void A_definition_taken_out_of_the_binding_becomes_a_stub_in_the_report()
    {
        Edit("templates/zephyr_ble/modbluetooth_zephyr_gatts.c",
            t => Regex.Replace(t, @"\nint mp_bluetooth_gatts_set_buffer\(.*?\n}\n", "\n", RegexOptions.Singleline));
        var outDir = Path.Combine(_repo, "out");
        var r = Run("generate", "--out", outDir, "--report");
        Assert.That(r.Exit, Is.EqualTo(0), r.Err);
        var stubRow = r.Out.Split('\n').SkipWhile(l => !l.Contains("raise OSError(EOPNOTSUPP)")).TakeWhile(l => !l.Contains("total")).ToArray();
        // Every other backend function is defined: the one taken out is the only stub.
        Assert.That(string.Concat(stubRow.Select(l => l.Split('│')[3].Trim())), Is.EqualTo("gatts_set_buffer"), r.Out);
        Assert.That(r.Out, Does.Match(@"total\s*│\s*41\s*│"));
        var stubs = File.ReadAllText(Path.Combine(outDir, "zephyr_ble", "modbluetooth_zephyr_stubs.c"));
        Assert.That(stubs, Does.Contain("int mp_bluetooth_gatts_set_buffer(uint16_t value_handle, size_t len, bool append) {\n    mp_raise_OSError(MP_EOPNOTSUPP);\n}\n"));
    }
}
