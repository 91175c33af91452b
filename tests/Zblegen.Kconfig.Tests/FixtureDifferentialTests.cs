namespace Zblegen.Kconfig.Tests;

/// <summary>
/// Our engine against Debian's kconfiglib on the Kconfig trees under fixtures/: every fixture
/// alone and with each of its *.config fragments, every symbol, the whole .config and autoconf.h.
/// </summary>
[TestFixture]
public class FixtureDifferentialTests
{
    public static IEnumerable<TestCaseData> Cases() => CasesFor(bundled: false);

    /// <summary>Every fixture, including configdefault, which only Zephyr's bundled kconfiglib reads.</summary>
    public static IEnumerable<TestCaseData> BundledCases() => CasesFor(bundled: true);

    private static IEnumerable<TestCaseData> CasesFor(bool bundled)
    {
        foreach (var dir in Directory.GetDirectories(TestPaths.Fixtures).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (File.Exists(Path.Combine(dir, "EXPECTATIONS_ONLY"))) continue;
            if (!bundled && File.Exists(Path.Combine(dir, "NEEDS_BUNDLED_KCONFIGLIB"))) continue;
            yield return new TestCaseData(name, "").SetName($"{name} (no fragment)");
            foreach (var frag in Directory.GetFiles(dir, "*.config").Order(StringComparer.Ordinal))
                yield return new TestCaseData(name, Path.GetFileName(frag)).SetName($"{name} with {Path.GetFileName(frag)}");
        }
    }

    /// <summary>The fixture's environment: srctree plus its 'env' file (KEY=VALUE lines).</summary>
    internal static Dictionary<string, string> FixtureEnv(string dir)
    {
        var env = new Dictionary<string, string> { ["srctree"] = dir };
        var file = Path.Combine(dir, "env");
        if (File.Exists(file))
            foreach (var line in File.ReadAllLines(file).Where(l => l.Contains('=')))
            {
                var (k, v) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
                env[k] = v.Replace("{srctree}", dir);
            }
        return env;
    }

    [TestCaseSource(nameof(Cases))]
    public void Engine_agrees_with_kconfiglib(string fixture, string fragment) => Compare(null, fixture, fragment);

    [TestCaseSource(nameof(BundledCases))]
    [Category("Tree")]
    public void Engine_agrees_with_Zephyrs_bundled_kconfiglib(string fixture, string fragment)
    {
        ZephyrTree.Require();
        Compare(ZephyrTree.BundledKconfiglib, fixture, fragment);
    }

    private static void Compare(string? libDir, string fixture, string fragment)
    {
        var why = Oracle.Unavailable(libDir);
        if (why is not null) Assert.Ignore(why);
        var dir = Path.Combine(TestPaths.Fixtures, fixture);
        var env = FixtureEnv(dir);
        var fragments = fragment.Length == 0 ? Array.Empty<string>() : new[] { Path.Combine(dir, fragment) };

        var expected = Oracle.Evaluate(libDir, dir, "Kconfig", env, fragments);
        // The bundled kconfiglib imports Zephyr's preprocessor functions; Debian's has only the built-in ones.
        var functions = libDir is null ? Parsing.PreprocessorFunctions.Builtin : Parsing.PreprocessorFunctions.Zephyr;
        var (actual, _) = Engine.Evaluate(dir, "Kconfig", env, fragments, functions);

        Assert.That(expected.Symbols, Is.Not.Empty, "the fixture defines no symbols");
        var diffs = Engine.Differences(expected, actual);
        TestContext.Out.WriteLine($"{fixture} {fragment}: {expected.Symbols.Count} symbols compared, {diffs.Count} differences");
        Assert.That(diffs, Is.Empty, string.Join("\n", diffs));
    }
}
