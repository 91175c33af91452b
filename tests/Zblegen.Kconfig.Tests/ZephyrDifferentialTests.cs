namespace Zblegen.Kconfig.Tests;

/// <summary>
/// Our engine against the kconfiglib Zephyr bundles (the one its build runs), on the real Zephyr
/// tree in the board-less context. Skipped when no tree is present.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Tree")]
public class ZephyrDifferentialTests
{
    public static IEnumerable<TestCaseData> Fragments()
    {
        yield return new TestCaseData((object)Array.Empty<string>()).SetName("Zephyr tree, no fragment");
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.ProjectDir, "zephyr-fragments"), "*.config").Order(StringComparer.Ordinal))
            yield return new TestCaseData((object)new[] { f }).SetName($"Zephyr tree with {Path.GetFileName(f)}");
        var lib = Profiles.ProfileLibrary.ForRepo(new Zblegen.Core.RepoLayout(TestPaths.RepoRoot));
        foreach (var profile in lib.Profiles)
            foreach (var port in lib.Ports.Prepend(null))
                yield return new TestCaseData((object)lib.Fragments(profile, port).Select(f => f.Path).ToArray())
                    .SetName(port is null ? $"Zephyr tree, profile {profile}" : $"Zephyr tree, profile {profile} on {port}");
    }

    private static readonly Lazy<Dictionary<string, KconfigResult>> Expected = new(() =>
    {
        // One run of the reference for every scenario: it parses the tree once.
        var ctx = ZephyrTree.BoardlessContext();
        var all = Fragments().Select(c => (string[])c.Arguments[0]!).ToArray();
        var results = Oracle.EvaluateMany(ZephyrTree.BundledKconfiglib, ctx.ZephyrBase, "Kconfig", ctx.Environment, all);
        return all.Select((f, i) => (Key: string.Join("|", f), Result: results[i])).ToDictionary(x => x.Key, x => x.Result);
    });

    private static readonly Lazy<KconfigTree> Ours = new(() => KconfigTree.Load(ZephyrTree.BoardlessContext().KconfigContext));

    [TestCaseSource(nameof(Fragments))]
    public void Engine_agrees_with_Zephyrs_kconfiglib(string[] fragments)
    {
        ZephyrTree.Require();
        var why = Oracle.Unavailable(ZephyrTree.BundledKconfiglib);
        if (why is not null) Assert.Ignore(why);

        var expected = Expected.Value[string.Join("|", fragments)];
        var actual = Engine.Evaluate(Ours.Value, fragments);

        var diffs = Engine.Differences(expected, actual);
        TestContext.Out.WriteLine($"{string.Join("+", fragments.Select(Path.GetFileNameWithoutExtension))}: {expected.Symbols.Count} symbols compared, {diffs.Count} differences");
        Assert.That(expected.Symbols.Count, Is.GreaterThan(1000));
        Assert.That(diffs, Is.Empty, string.Join("\n", diffs.Take(40)));
    }
}
