namespace Zblegen.Kconfig.Tests;

/// <summary>
/// Our engine against the kconfiglib Zephyr bundles (the one its build runs), on the real Zephyr
/// tree in the board-less context. Skipped when no tree is present.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ZephyrDifferentialTests
{
    public static IEnumerable<TestCaseData> Fragments()
    {
        yield return new TestCaseData("").SetName("Zephyr tree, no fragment");
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.ProjectDir, "zephyr-fragments"), "*.config").Order(StringComparer.Ordinal))
            yield return new TestCaseData(f).SetName($"Zephyr tree with {Path.GetFileName(f)}");
    }

    [TestCaseSource(nameof(Fragments))]
    public void Engine_agrees_with_Zephyrs_kconfiglib(string fragment)
    {
        ZephyrTree.Require();
        var why = Oracle.Unavailable(ZephyrTree.BundledKconfiglib);
        if (why is not null) Assert.Ignore(why);
        var ctx = ZephyrTree.BoardlessContext();
        var fragments = fragment.Length == 0 ? Array.Empty<string>() : new[] { fragment };

        var expected = Oracle.Evaluate(ZephyrTree.BundledKconfiglib, ctx.ZephyrBase, "Kconfig", ctx.Environment, fragments);
        var (actual, _) = Engine.Evaluate(ctx.ZephyrBase, "Kconfig", ctx.Environment, fragments, Parsing.PreprocessorFunctions.Zephyr);

        var diffs = Engine.Differences(expected, actual);
        TestContext.Out.WriteLine($"{Path.GetFileName(fragment)}: {expected.Symbols.Count} symbols compared, {diffs.Count} differences");
        Assert.That(expected.Symbols.Count, Is.GreaterThan(1000));
        Assert.That(diffs, Is.Empty, string.Join("\n", diffs.Take(40)));
    }
}
