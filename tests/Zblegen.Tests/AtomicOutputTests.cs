using Zblegen.Core;

namespace Zblegen.Tests;

[TestFixture]
public class AtomicOutputTests
{
    [Test]
    public void Files_land_whole_and_no_temporaries_remain()
    {
        var dir = TestPaths.NewTempDir();
        var output = new AtomicOutput(dir);
        output.Stage("a/one.json", "{}\n");
        output.Stage("b/two.json", "[]\n");
        Assert.That(output.Commit(), Is.EqualTo(new[] { "a/one.json", "b/two.json" }));
        Assert.That(File.ReadAllText(Path.Combine(dir, "a", "one.json")), Is.EqualTo("{}\n"));
        Assert.That(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(2));
    }

    [Test]
    public void An_unwritable_root_fails_before_anything_is_written()
    {
        var dir = TestPaths.NewTempDir();
        var file = Path.Combine(dir, "not-a-dir");
        File.WriteAllText(file, "x");
        var output = new AtomicOutput(Path.Combine(file, "out"));
        var e = Assert.Throws<ZblegenException>(output.EnsureWritable)!;
        Assert.That(e.Message, Does.Contain("cannot write output there").And.Contain("--out"));
        output.Stage("x.json", "{}");
        Assert.Throws<ZblegenException>(() => output.Commit());
        Assert.That(Directory.EnumerateFileSystemEntries(dir), Is.EqualTo(new[] { file }));
    }
}
