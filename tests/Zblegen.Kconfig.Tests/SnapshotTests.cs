using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Kconfig.Tests;

/// <summary>The committed profile snapshots are what the tree gives today, byte for byte.</summary>
[TestFixture]
[NonParallelizable]
public class SnapshotTests
{
    [Test]
    [Category("Tree")]
    public void Committed_profile_snapshots_match_a_fresh_evaluation()
    {
        var tree = ZephyrTree.Require();
        var repo = new RepoLayout(TestPaths.RepoRoot);
        var dir = Path.Combine(repo.Snapshots, $"zephyr-{tree.Version}");
        var rendered = ProfileSnapshots.Render(tree, ProfileLibrary.ForRepo(repo));
        var committed = Directory.GetFiles(dir, "profile-*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(committed, Is.EqualTo(rendered.Keys.ToArray()), "the set of profile snapshots; regenerate with: zblegen config --snapshots");
        foreach (var (name, json) in rendered)
            Assert.That(File.ReadAllText(Path.Combine(dir, name)), Is.EqualTo(json), $"{name} is stale; regenerate with: zblegen config --snapshots");
    }

    [Test]
    [Category("Tree")]
    public void Snapshots_hold_no_absolute_paths()
    {
        var tree = ZephyrTree.Require();
        foreach (var (name, json) in ProfileSnapshots.Render(tree, ProfileLibrary.ForRepo(new RepoLayout(TestPaths.RepoRoot))))
        {
            Assert.That(json, Does.Not.Contain(tree.Root), name);
            Assert.That(json, Does.Not.Contain(TestPaths.RepoRoot), name);
            Assert.That(json, Does.Not.Contain(Path.GetTempPath()), name);
        }
    }

    [Test]
    public void Snapshots_read_without_the_tree()
    {
        var dir = Path.Combine(new RepoLayout(TestPaths.RepoRoot).Snapshots, "zephyr-4.1.0");
        var snap = SnapshotJson.Deserialize<ProfileSnapshot>(Path.Combine(dir, "profile-full.json"));
        Assert.That(snap.Profile, Is.EqualTo("full"));
        Assert.That(snap.Symbols["BT_SMP"], Is.EqualTo("y"));
        Assert.That(snap.Autoconf, Does.Contain("#define CONFIG_BT_SMP 1"));
        Assert.That(snap.Sources.Select(s => s.Path), Does.Contain("subsys/bluetooth/host/smp.c"));
    }
}
