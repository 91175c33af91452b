using Zblegen.Core;

namespace Zblegen.Tests;

[TestFixture]
public class UpstreamLocatorTests
{
    private string _work = null!;
    private RepoLayout _repo = null!;
    private string _home = null!;

    [SetUp]
    public void SetUp()
    {
        _work = TestPaths.NewTempDir();
        var repoRoot = Path.Combine(_work, "repo");
        Directory.CreateDirectory(Path.Combine(repoRoot, "bindings"));
        File.WriteAllText(Path.Combine(repoRoot, "Generator.sln"), "");
        File.Copy(Path.Combine(TestPaths.Repo.Bindings, "upstream.json"), Path.Combine(repoRoot, "bindings", "upstream.json"));
        _repo = new RepoLayout(repoRoot);
        _home = Path.Combine(_work, "home");
    }

    private UpstreamLocator Locator(params (string Name, string Value)[] vars) =>
        new(_repo, new FakeEnvironment(vars.ToDictionary(v => v.Name, v => v.Value), _work, _home), SupportedUpstreams.Load(_repo));

    private string Place(string fakeTree, params string[] relative)
    {
        var dest = Path.Combine(new[] { _work }.Concat(relative).ToArray());
        TestPaths.CopyDirectory(fakeTree, dest);
        return dest;
    }

    [Test]
    public void Option_wins_over_variable()
    {
        var a = Place(TestPaths.FakeMicroPython, "a");
        var b = Place(TestPaths.FakeMicroPython, "b");
        var tree = Locator(("MICROPY_DIR", b)).Require(TreeKind.MicroPython, a);
        Assert.That(tree.Root, Is.EqualTo(a));
        Assert.That(tree.FoundBy, Does.StartWith("--micropython"));
        Assert.That(tree.Version, Is.EqualTo("1.28.0"));
    }

    [Test]
    public void Variable_wins_over_default_locations()
    {
        Place(TestPaths.FakeZephyr, "upstream", "zephyrproject", "zephyr");
        var viaEnv = Place(TestPaths.FakeZephyr, "elsewhere");
        var tree = Locator(("ZEPHYR_BASE", viaEnv)).Require(TreeKind.Zephyr, null);
        Assert.That(tree.Root, Is.EqualTo(viaEnv));
    }

    [Test]
    public void Beside_the_repository_comes_before_the_user_cache()
    {
        var beside = Place(TestPaths.FakeMicroPython, "upstream", "micropython");
        TestPaths.CopyDirectory(TestPaths.FakeMicroPython, Path.Combine(CacheFolders.InHome(_home).Upstream, "micropython"));
        Assert.That(Locator().Require(TreeKind.MicroPython, null).Root, Is.EqualTo(beside));
    }

    [Test]
    public void User_cache_is_the_last_resort()
    {
        var cached = Path.Combine(CacheFolders.InHome(_home).Upstream, "zephyrproject", "zephyr");
        TestPaths.CopyDirectory(TestPaths.FakeZephyr, cached);
        var tree = Locator().Require(TreeKind.Zephyr, null);
        Assert.That(tree.Root, Is.EqualTo(cached));
        Assert.That(tree.FoundBy, Does.Contain("user cache"));
    }

    [Test]
    public void No_tree_anywhere_is_null_or_an_error_naming_every_place()
    {
        var locator = Locator();
        Assert.That(locator.Find(TreeKind.MicroPython, null), Is.Null);
        var e = Assert.Throws<ZblegenException>(() => locator.Require(TreeKind.MicroPython, null))!;
        Assert.That(e.Message, Does.Contain("--micropython DIR").And.Contain("MICROPY_DIR").And.Contain(Path.Combine(_work, "upstream", "micropython")).And.Contain(Path.Combine(_home, ".cache", "zblegen", "upstream", "micropython")));
        Assert.That(e.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void A_workspace_is_taken_for_its_zephyr_folder()
    {
        var workspace = Path.Combine(_work, "ws");
        Place(TestPaths.FakeZephyr, "ws", "zephyr");
        Directory.CreateDirectory(Path.Combine(workspace, "modules"));
        var tree = Locator().Require(TreeKind.Zephyr, workspace);
        Assert.That(tree.Root, Is.EqualTo(Path.Combine(workspace, "zephyr")));
        Assert.That(tree.Workspace, Is.EqualTo(workspace));
    }

    [Test]
    public void Another_layout_is_refused_with_the_missing_marker()
    {
        var tree = Place(TestPaths.FakeZephyr, "z");
        File.Delete(Path.Combine(tree, "subsys", "bluetooth", "host", "CMakeLists.txt"));
        var e = Assert.Throws<ZblegenException>(() => Locator().Require(TreeKind.Zephyr, tree))!;
        Assert.That(e.Message, Does.Contain("subsys/bluetooth/host/CMakeLists.txt is missing"));
    }

    [Test]
    public void An_unsupported_version_is_refused()
    {
        var tree = Place(TestPaths.FakeZephyr, "z");
        File.WriteAllText(Path.Combine(tree, "VERSION"), "VERSION_MAJOR = 3\nVERSION_MINOR = 7\nPATCHLEVEL = 0\n");
        var e = Assert.Throws<ZblegenException>(() => Locator().Require(TreeKind.Zephyr, tree))!;
        Assert.That(e.Message, Does.Contain("Zephyr 3.7.0 is not supported (supported: 4.1.0)"));
    }

    [Test]
    public void A_named_directory_that_does_not_exist_is_an_error_not_a_fallback()
    {
        Place(TestPaths.FakeMicroPython, "upstream", "micropython");
        var e = Assert.Throws<ZblegenException>(() => Locator(("MICROPY_DIR", "/no/such/dir")).Find(TreeKind.MicroPython, null))!;
        Assert.That(e.Message, Does.StartWith("MICROPY_DIR=/no/such/dir: no such directory"));
    }

    [Test]
    public void Versions_are_read_from_the_trees()
    {
        Assert.That(UpstreamLocator.ReadMicroPythonVersion(TestPaths.FakeMicroPython), Is.EqualTo("1.28.0"));
        Assert.That(UpstreamLocator.ReadZephyrVersion(TestPaths.FakeZephyr), Is.EqualTo("4.1.0"));
    }
}
