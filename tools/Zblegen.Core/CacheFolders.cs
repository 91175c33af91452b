namespace Zblegen.Core;

/// <summary>The folders of the user cache, ~/.cache/zblegen, named once so every verb and test finds the same ones.</summary>
public sealed record CacheFolders(string Root, string Build)
{
    /// <summary>Moves the build cache elsewhere (a scratch disk, or one per worktree).</summary>
    public const string BuildVariable = "ZBLEGEN_BUILD_CACHE";

    /// <summary>The cache of this environment's user, with the build cache from ZBLEGEN_BUILD_CACHE when set.</summary>
    public static CacheFolders For(IEnvironment env) =>
        env.Get(BuildVariable) is { Length: > 0 } build ? InHome(env.HomeDirectory) with { Build = build } : InHome(env.HomeDirectory);

    /// <summary>The cache under a home folder; InHome("~") spells the folders as a person types them (help, fixes).</summary>
    public static CacheFolders InHome(string home)
    {
        var root = Path.Combine(home, ".cache", "zblegen");
        return new(root, Path.Combine(root, "build"));
    }

    /// <summary>The trees shared/upstream/checkout.sh lays out: micropython/, zephyrproject/zephyr/, picotool/.</summary>
    public string Upstream => Path.Combine(Root, "upstream");

    /// <summary>A prebuilt picotool (picotool/picotoolConfig.cmake) beside the upstream trees.</summary>
    public string PicotoolInstall => Path.Combine(Upstream, "picotool-install");

    /// <summary>What multitest keeps after a run (btsnoop captures of failed tests).</summary>
    public string Multitest => Path.Combine(Root, "multitest");
}
