using Zblegen.Core;
using Zblegen.Kconfig.Zephyr;

namespace Zblegen.Kconfig.Tests;

/// <summary>The Zephyr tree the tests run against, when one is present, and its board-less Kconfig context.</summary>
internal static class ZephyrTree
{
    private static readonly Lazy<(UpstreamTree? Tree, string? Why)> Located = new(() =>
    {
        try
        {
            var repo = new RepoLayout(TestPaths.RepoRoot);
            var tree = new UpstreamLocator(repo, ProcessEnvironment.Instance, SupportedUpstreams.Load(repo)).Find(TreeKind.Zephyr, null);
            return (tree, tree is null ? "no Zephyr tree (set ZEPHYR_BASE or lay out ../upstream/zephyrproject)" : null);
        }
        catch (ZblegenException e)
        {
            return (null, e.Message);
        }
    });

    private static readonly Lazy<Zblegen.Kconfig.Zephyr.BoardlessContext> Context = new(() =>
    {
        var tree = Require();
        var dir = Directory.CreateTempSubdirectory("zb-kconfig-bin-").FullName;
        return Zblegen.Kconfig.Zephyr.BoardlessContext.Create(tree.Root, tree.Workspace, tree.Version, dir);
    });

    /// <summary>The tree, or Assert.Ignore with a one-line reason.</summary>
    public static UpstreamTree Require()
    {
        var (tree, why) = Located.Value;
        if (tree is null) Assert.Ignore(why!);
        return tree!;
    }

    public static Zblegen.Kconfig.Zephyr.BoardlessContext BoardlessContext() => Context.Value;

    public static string BundledKconfiglib => Path.Combine(Require().Root, "scripts", "kconfig");
}
