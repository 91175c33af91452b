using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Kconfig.Tests;

/// <summary>The committed profiles and port overlays on the real Zephyr tree, and the explanations for values that do not take.</summary>
[TestFixture]
[NonParallelizable]
public class ProfileTests
{
    private static readonly Lazy<KconfigTree> Tree = new(() => ZephyrProfiles.LoadTree(ZephyrTree.Require()));

    private static ProfileLibrary Library => ProfileLibrary.ForRepo(new RepoLayout(TestPaths.RepoRoot));

    public static IEnumerable<TestCaseData> Combinations()
    {
        var lib = Library;
        foreach (var p in lib.Profiles)
        {
            yield return new TestCaseData(p, null).SetName($"profile {p}");
            foreach (var port in lib.Ports)
                yield return new TestCaseData(p, port).SetName($"profile {p} on {port}");
        }
    }

    [Test]
    public void The_four_profiles_and_four_ports_exist()
    {
        Assert.That(Library.Profiles, Is.EqualTo(new[] { "connections", "full", "gatt", "minimal" }));
        Assert.That(Library.Ports, Is.EqualTo(new[] { "mps2_an500", "pybd_sf6", "rpi_pico_w", "unix" }));
    }

    [Test]
    public void Profiles_chain_their_bases_first_and_the_port_last()
    {
        var names = Library.Fragments("full", "unix").Select(f => f.DisplayName);
        Assert.That(names, Is.EqualTo(new[]
        {
            "bindings/profiles/minimal.conf", "bindings/profiles/connections.conf", "bindings/profiles/gatt.conf",
            "bindings/profiles/full.conf", "bindings/profiles/ports/unix.conf",
        }));
    }

    [Test]
    public void An_unknown_profile_or_port_lists_the_known_ones()
    {
        var e = Assert.Throws<ZblegenException>(() => Library.Fragments("nope", null))!;
        Assert.That(e.Message, Does.Contain("no profile 'nope'").And.Contain("connections, full, gatt, minimal"));
        e = Assert.Throws<ZblegenException>(() => Library.Fragments("full", "esp32"))!;
        Assert.That(e.Message, Does.Contain("no port overlay 'esp32'").And.Contain("mps2_an500, pybd_sf6, rpi_pico_w, unix"));
    }

    [TestCaseSource(nameof(Combinations))]
    [Category("Tree")]
    public void Every_requested_value_is_honoured(string profile, string? port)
    {
        var result = ProfileEvaluation.Run(Tree.Value, Library.Fragments(profile, port));
        Assert.That(result.NotHonoured, Is.Empty, string.Join("\n", result.NotHonoured));
        Assert.That(result.Autoconf, Does.Contain("#define CONFIG_BT 1\n"));
    }

    [Test]
    [Category("Tree")]
    public void The_full_profile_has_what_MicroPython_exposes()
    {
        var ac = ProfileEvaluation.Run(Tree.Value, Library.Fragments("full", null)).Autoconf;
        foreach (var sym in new[] { "BT_CENTRAL", "BT_PERIPHERAL", "BT_SMP", "BT_PRIVACY", "BT_L2CAP_DYNAMIC_CHANNEL", "BT_GATT_CLIENT", "BT_GATT_DYNAMIC_DB", "BT_USER_DATA_LEN_UPDATE" })
            Assert.That(ac, Does.Contain($"#define CONFIG_{sym} 1\n"), sym);
        var minimal = ProfileEvaluation.Run(Tree.Value, Library.Fragments("minimal", null)).Autoconf;
        Assert.That(minimal, Does.Not.Contain("#define CONFIG_BT_SMP 1\n"));
        Assert.That(minimal, Does.Contain("#define CONFIG_BT_CONN 1\n"), "BT_PERIPHERAL selects BT_CONN");
    }

    [Test]
    [Category("Tree")]
    public void Evaluating_twice_gives_identical_files()
    {
        var a = ProfileEvaluation.Run(ZephyrProfiles.LoadTree(ZephyrTree.Require()), Library.Fragments("gatt", "pybd_sf6"));
        var b = ProfileEvaluation.Run(ZephyrProfiles.LoadTree(ZephyrTree.Require()), Library.Fragments("gatt", "pybd_sf6"));
        Assert.That(b.Autoconf, Is.EqualTo(a.Autoconf));
        Assert.That(b.DotConfig, Is.EqualTo(a.DotConfig));
        Assert.That(a.DotConfig, Does.Not.Contain(Path.GetTempPath()), "no scratch paths leak into .config");
    }

    [Test]
    [Category("Tree")]
    public void Values_that_do_not_take_are_explained_with_the_dependency_chain()
    {
        var path = Path.Combine(TestPaths.ProjectDir, "profile-fixtures", "smp-without-conn.conf");
        var result = ProfileEvaluation.Run(Tree.Value, new[] { new FragmentFile(path, "smp-without-conn.conf") });
        foreach (var n in result.NotHonoured) TestContext.Out.WriteLine(n);
        Assert.That(result.NotHonoured, Has.Count.EqualTo(4));
        Assert.That(result.NotHonoured[0], Does.StartWith("smp-without-conn.conf:4: CONFIG_BT_SMP=y requested, but it is n: it depends on").And.Contain("BT_CONN, which is n because it has no prompt"));
        Assert.That(result.NotHonoured[1], Does.StartWith("smp-without-conn.conf:5: CONFIG_BT_MAX_CONN=3 requested, but it is \"\": it depends on BT_CONN"));
        Assert.That(result.NotHonoured[2], Does.StartWith("smp-without-conn.conf:6: CONFIG_BT_BUF_ACL_TX_COUNT=1000 requested, but it is 3: 1000 is outside its active range [1, 255]"));
        Assert.That(result.NotHonoured[3], Does.StartWith("smp-without-conn.conf:7: CONFIG_BT_RPA_TIMEOUT=60 requested"));
    }

    [Test]
    public void An_unknown_symbol_in_a_profile_is_an_error_with_file_and_line()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "errors");
        var tree = KconfigTree.Load(new KconfigContext(dir, "good.Kconfig", new Dictionary<string, string>(), Parsing.PreprocessorFunctions.Builtin));
        var e = Assert.Throws<ZblegenException>(() => ProfileEvaluation.Run(tree, new[] { new FragmentFile(Path.Combine(dir, "unknown.config"), "unknown.config") }))!;
        Assert.That(e.Message, Is.EqualTo("unknown.config:2: CONFIG_NOT_A_SYMBOL is not a Kconfig symbol of this tree; remove it or check its spelling"));
        Assert.That(e.ExitCode, Is.EqualTo(2));
    }
}
