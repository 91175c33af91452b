using Zblegen.Core;
using Zblegen.Kconfig.Zephyr;

namespace Zblegen.Kconfig.Profiles;

/// <summary>Evaluates Zephyr's real Kconfig tree for profile fragments in the board-less context.</summary>
public static class ZephyrProfiles
{
    /// <summary>Loads the tree once (in a scratch KCONFIG_BINARY_DIR that is removed afterwards).</summary>
    public static KconfigTree LoadTree(UpstreamTree zephyr)
    {
        var bin = Directory.CreateTempSubdirectory("zblegen-kconfig-").FullName;
        try
        {
            var ctx = BoardlessContext.Create(zephyr.Root, zephyr.Workspace, zephyr.Version, bin);
            return KconfigTree.Load(ctx.KconfigContext);
        }
        finally
        {
            Directory.Delete(bin, true);
        }
    }

    public static ProfileResult Evaluate(UpstreamTree zephyr, IReadOnlyList<FragmentFile> fragments) =>
        ProfileEvaluation.Run(LoadTree(zephyr), fragments);
}
