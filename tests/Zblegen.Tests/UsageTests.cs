using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Generator.Usage;

namespace Zblegen.Tests;

[TestFixture]
public class UsageTests
{
    private static string FakeZephyr => Path.Combine(TestPaths.Fixtures, "usage", "zephyr");

    private static GenerationResult FakeGeneration()
    {
        var model = new ModelLoader(TestPaths.Repo).Load("minimal", "unix");
        model = model with
        {
            Config = new ProfileConfig(new Dictionary<string, string>(), Array.Empty<string>(), new[] { "subsys/bluetooth/host/user.c" }, Array.Empty<string>()),
            ZephyrBuild = model.ZephyrBuild with { LibrarySources = Array.Empty<string>() },
        };
        var files = new Dictionary<string, string>
        {
            ["include/zephyr/autoconf.h"] = "#define CONFIG_FAKE 1\n",
            ["include/zephyr_ble_target.h"] = "\n",
            ["include/zephyr/kernel.h"] = "#include \"zephyr_ble_hal.h\"\n",
            ["hal/zephyr_ble_hal.h"] = "struct k_work { int flags; };\nint k_work_submit(struct k_work *work);\n",
        };
        return new GenerationResult(files, model, new BindingCoverage([], []));
    }

    [Test]
    public void Each_use_is_attributed_to_its_provider_and_unknown_uses_are_kept()
    {
        using var index = new ClangIndex();
        var zephyr = new UpstreamTree(TreeKind.Zephyr, FakeZephyr, "4.1.0", "test");
        var micropython = TestPaths.FakeTree(TreeKind.MicroPython);
        var usage = new UsageScanner(index).Scan(FakeGeneration(), zephyr, micropython, TargetCompiler.Host);
        var byName = usage.Symbols.ToDictionary(s => s.Name);
        Assert.Multiple(() =>
        {
            Assert.That(byName["k_work_submit"], Is.EqualTo(byName["k_work_submit"] with { Kind = "function", Provider = "hal", Header = "hal/zephyr_ble_hal.h" }));
            Assert.That(byName["k_work_submit"].UsedBy, Is.EqualTo(new[] { "subsys/bluetooth/host/user.c" }));
            Assert.That((byName["BIT"].Kind, byName["BIT"].Provider, byName["BIT"].Header), Is.EqualTo(("macro", "real", "zephyr/sys/bits.h")));
            Assert.That((byName["k_work.flags"].Kind, byName["k_work.flags"].Provider), Is.EqualTo(("field", "hal")));
            Assert.That(byName.Keys, Has.None.StartsWith("CONFIG_"), "configuration is not a provided symbol");
            Assert.That(usage.Unprovided.Select(u => u.Where), Is.EqualTo(new[] { "subsys/bluetooth/host/user.c:9" }));
            Assert.That(usage.Unprovided[0].Message, Does.Contain("not_declared_anywhere"));
            Assert.That(usage.Counts, Is.EqualTo(new UsageCounts(usage.Symbols.Count, 1, 0, usage.Symbols.Count - 1, 2)));
        });
    }

    [Test]
    public void Generation_refuses_a_profile_with_unprovided_uses()
    {
        var repo = CopyRepoBindings();
        var model = new ModelLoader(repo).Load("gatt", "unix");
        var usage = new UsageSnapshot("4.1.0", "gatt", "unix", new UsageCounts(0, 0, 0, 0, 0), Array.Empty<SymbolUse>(),
            new[] { new UnprovidedUse("subsys/bluetooth/host/conn.c:12", "call to undeclared function 'k_magic'") }, Array.Empty<IterableSection>());
        File.WriteAllText(Path.Combine(repo.Snapshots, "zephyr-4.1.0", "usage-gatt-unix.json"), SnapshotJson.Serialize(usage));
        var e = Assert.Throws<ZblegenException>(() => UsageCheck.Load(repo, model))!;
        Assert.That(e.Message, Does.Contain("1 Zephyr uses have no provider (subsys/bluetooth/host/conn.c:12: call to undeclared function 'k_magic')"));
    }

    [Test]
    public void Committed_usage_lists_no_unprovided_symbol()
    {
        var dir = Path.Combine(TestPaths.Repo.Snapshots, "zephyr-4.1.0");
        var files = Directory.EnumerateFiles(dir, "usage-*.json").ToArray();
        var ports = TargetRegistry.Load(TestPaths.Repo).Ports.Count;
        Assert.That(files, Has.Length.EqualTo(4 * ports), $"4 profiles x {ports} ports; run zblegen scan");
        foreach (var file in files)
        {
            var usage = SnapshotJson.Deserialize<UsageSnapshot>(file);
            Assert.That(usage.Unprovided, Is.Empty, file);
            Assert.That(usage.Symbols.Where(s => s.Provider == "hal").Select(s => s.Name), Does.Contain("k_work_submit").Or.Contain("k_work_submit_to_queue"), file);
        }
    }

    [Test]
    [Category("Tree")]
    public void Real_trees_reproduce_the_committed_usage_snapshots()
    {
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var outDir = TestPaths.NewTempDir();
        var output = new AtomicOutput(outDir);
        new UsageScan(TestPaths.Repo, TextWriter.Null).Run(zephyr, micropython, output);
        foreach (var rel in output.Commit())
            Assert.That(File.ReadAllText(Path.Combine(outDir, rel)), Is.EqualTo(File.ReadAllText(Path.Combine(TestPaths.Repo.Snapshots, rel))),
                $"{rel} differs: run zblegen scan and review the diff");
    }

    private static RepoLayout CopyRepoBindings()
    {
        var root = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(root, "Generator.sln"), "");
        foreach (var file in Directory.EnumerateFiles(TestPaths.Repo.Bindings, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(root, "bindings", Path.GetRelativePath(TestPaths.Repo.Bindings, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return new RepoLayout(root);
    }
}
