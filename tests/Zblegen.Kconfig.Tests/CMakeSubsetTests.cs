using Zblegen.Core;
using Zblegen.Kconfig.CMake;

namespace Zblegen.Kconfig.Tests;

/// <summary>The CMake subset on CMakeLists written for the tests, and on the real host when the tree is present.</summary>
[TestFixture]
public class CMakeSubsetTests
{
    private static readonly string Root = Path.Combine(TestPaths.ProjectDir, "cmake-fixtures");

    private static readonly Dictionary<string, string> Vars = new()
    {
        ["CONFIG_FEATURE"] = "y",
        ["CONFIG_COUNT"] = "4",
        ["CONFIG_NAME"] = "widget",
    };

    private static CMakeResult Run(string dir) =>
        CMakeSubset.Run(Root, new Dictionary<string, string> { ["$ZEPHYR_BASE"] = Root }, Vars, new[] { Path.Combine(Root, dir, "CMakeLists.txt") });

    [Test]
    public void Sources_follow_the_conditions_in_order()
    {
        var r = Run("tree");
        Assert.That(r.Sources.Select(s => s.Path), Is.EqualTo(new[]
        {
            "tree/always.c", "tree/feature.c", "tree/feature_extra.c", "tree/first.c", "tree/second.c", "tree/paren.c",
            "tree/sub/sub_a.c", "tree/sub/sub_b.c", "tree/sub/global.c",
        }));
        Assert.That(r.Sources.Select(s => s.Library).Distinct(), Is.EqualTo(new[] { "tree", "named_sub", "zephyr" }));
        Assert.That(r.Sources[0].Where, Is.EqualTo("tree/CMakeLists.txt:7"));
    }

    [Test]
    public void Include_dirs_links_messages_and_files_are_reported()
    {
        var r = Run("tree");
        Assert.That(r.IncludeDirs, Is.EqualTo(new[] { "tree/include", "public", "tree/sub" }));
        Assert.That(r.Links, Is.EqualTo(new[] { "some_lib" }));
        Assert.That(r.Messages, Is.EqualTo(new[] { "tree/CMakeLists.txt:31: WARNING CONFIG_MISSING is not defined" }));
        Assert.That(r.Files, Is.EqualTo(new[] { "tree/CMakeLists.txt", "tree/sub/CMakeLists.txt" }));
    }

    [Test]
    public void A_command_outside_the_subset_is_an_error_with_file_and_line()
    {
        var e = Assert.Throws<ZblegenException>(() => Run("bad"))!;
        Assert.That(e.Message, Does.StartWith("bad/CMakeLists.txt:5: zephyr_library_compile_options() is outside the CMake subset"));
    }

    [Test]
    [Category("Tree")]
    public void The_real_host_lists_are_inside_the_subset()
    {
        var tree = ZephyrTree.Require();
        var kconfig = Profiles.ZephyrProfiles.LoadTree(tree);
        var lib = Profiles.ProfileLibrary.ForRepo(new RepoLayout(TestPaths.RepoRoot));
        var minimal = HostBuild.Run(Profiles.ProfileEvaluation.Run(kconfig, lib.Fragments("minimal", null)).Evaluation, tree.Root, tree.Workspace);
        var full = HostBuild.Run(Profiles.ProfileEvaluation.Run(kconfig, lib.Fragments("full", null)).Evaluation, tree.Root, tree.Workspace);
        var min = minimal.Sources.Select(s => s.Path).ToList();
        var all = full.Sources.Select(s => s.Path).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(min, Does.Contain("subsys/bluetooth/host/hci_core.c").And.Contain("subsys/bluetooth/host/smp_null.c").And.Contain("lib/net_buf/buf.c"));
            Assert.That(min, Does.Not.Contain("subsys/bluetooth/host/smp.c"));
            Assert.That(all, Does.Contain("subsys/bluetooth/host/smp.c").And.Contain("subsys/bluetooth/host/keys.c").And.Contain("subsys/bluetooth/common/rpa.c"));
            Assert.That(all, Does.Not.Contain("subsys/bluetooth/host/smp_null.c"));
            Assert.That(full.IncludeDirs, Is.EqualTo(new[] { "subsys/bluetooth" }));
        });
    }
}
