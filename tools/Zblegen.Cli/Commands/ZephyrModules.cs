using Zblegen.Build;
using Zblegen.Core;
using Zblegen.Generator;

namespace Zblegen.Cli.Commands;

/// <summary>Which Zephyr integration a unix build uses: the committed extmod-out, or a profile rendered into the build cache.</summary>
internal static class ZephyrModules
{
    public static ZephyrModule? For(RepoLayout repo, string? profile, string cacheRoot) =>
        profile is null ? null : new ZephyrModule(new IntegrationPipeline(repo).RenderIntoCache(profile, "unix", Path.Combine(cacheRoot, "generated")), profile);
}
