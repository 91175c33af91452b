using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Generator;

namespace Zblegen.Tests;

/// <summary>Where the test fixtures and the repository are, and the real upstream trees if this machine has them.</summary>
internal static class TestPaths
{
    public static string Fixtures => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures");
    /// <summary>A multitest of ours (tests/multi_bluetooth/NAME.py beside its .py.exp), by the path zblegen multitest takes.</summary>
    public static string OurMultitest(string name) => Path.Combine(Repo.Root, "tests", "multi_bluetooth", name + ".py");
    public static string FakeMicroPython => Path.Combine(Fixtures, "trees", "micropython");
    public static string FakeZephyr => Path.Combine(Fixtures, "trees", "zephyr");

    public static RepoLayout Repo => RepoLayout.Find(new FakeEnvironment(new Dictionary<string, string>(), TestContext.CurrentContext.TestDirectory, "/nonexistent"));

    public static UpstreamTree FakeTree(TreeKind kind) =>
        new(kind, kind == TreeKind.MicroPython ? FakeMicroPython : FakeZephyr, kind == TreeKind.MicroPython ? "1.28.0" : "4.1.0", "test fixture");

    /// <summary>The real tree, or an ignored test naming what is missing.</summary>
    public static UpstreamTree RealTreeOrIgnore(TreeKind kind)
    {
        var locator = UpstreamLocator.ForProcess(Repo);
        var tree = locator.Find(kind, null);
        if (tree == null)
            Assert.Ignore($"needs the {kind} tree: {locator.MissingMessage(kind)}");
        return tree!;
    }

    /// <summary>
    /// The unix builder of the real trees (ignored without them) in the shared build cache: its Zephyr build uses
    /// the committed extmod-out (the default profile), or the named profile rendered into the cache.
    /// </summary>
    public static UnixBuilder UnixBuilderOrIgnore(out UpstreamTree micropython, string? profile = null)
    {
        micropython = RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = RealTreeOrIgnore(TreeKind.Zephyr);
        var cache = CacheFolders.For(ProcessEnvironment.Instance).Build;
        var module = profile is null ? null : new ZephyrModule(new IntegrationPipeline(Repo).RenderIntoCache(profile, "unix", Path.Combine(cache, "generated")), profile);
        return new UnixBuilder(Repo, micropython, cache, m => TestContext.Progress.WriteLine(m), zephyr, module);
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Ignores the test, naming the Debian packages, when a compiler it needs is not installed.</summary>
    public static void ToolOrIgnore(string tool)
    {
        if (!OnPath(tool))
            Assert.Ignore($"needs {tool} on PATH (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)");
    }

    /// <summary>Copies a folder tree (fixture trees that a test then changes).</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zblegen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
