using Zblegen.Core;
using Zblegen.Kconfig.CMake;
using Zblegen.Kconfig.Output;

namespace Zblegen.Kconfig.Profiles;

public sealed record SnapshotSource(string Path, string Library);

/// <summary>
/// What 'generate' needs from Zephyr for one profile (and port), so it runs without the tree:
/// the symbol values .config holds, the autoconf.h lines, and the host's sources and include
/// directories. Sorted where order carries no meaning; no absolute paths, no timestamps.
/// </summary>
public sealed record ProfileSnapshot(
    string ZephyrVersion,
    string Profile,
    string? Port,
    IReadOnlyList<string> Fragments,
    string Board,
    IReadOnlyList<string> Modules,
    SortedDictionary<string, string> Symbols,
    IReadOnlyList<string> Autoconf,
    IReadOnlyList<string> CmakeLists,
    IReadOnlyList<SnapshotSource> Sources,
    IReadOnlyList<string> IncludeDirs,
    IReadOnlyList<string> LinkLibraries,
    IReadOnlyList<string> CmakeMessages)
{
    public static string FileName(string profile, string? port) => port is null ? $"profile-{profile}.json" : $"profile-{profile}-{port}.json";

    public static ProfileSnapshot Create(UpstreamTree zephyr, IReadOnlyList<string> modules, string profile, string? port, IReadOnlyList<FragmentFile> fragments, ProfileResult result)
    {
        var ev = result.Evaluation;
        var symbols = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in ev.Tree.Symbols)
            if (ev.IsWritten(s))
                symbols[s.Name] = ev.Str(s);
        var cmake = HostBuild.Run(ev, zephyr.Root, zephyr.Workspace);
        return new ProfileSnapshot(
            zephyr.Version, profile, port,
            fragments.Select(f => f.DisplayName).ToArray(),
            Zephyr.BoardlessContext.BoardName,
            modules,
            symbols,
            result.Autoconf.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            cmake.Files,
            cmake.Sources.Select(s => new SnapshotSource(s.Path, s.Library)).OrderBy(s => s.Path, StringComparer.Ordinal).ToArray(),
            cmake.IncludeDirs,
            cmake.Links,
            cmake.Messages);
    }

    public string ToJson() => SnapshotJson.Serialize(this);
}

/// <summary>Evaluates every profile and port overlay and renders their snapshots (file name → JSON).</summary>
public static class ProfileSnapshots
{
    public static SortedDictionary<string, string> Render(UpstreamTree zephyr, ProfileLibrary library)
    {
        var tree = ZephyrProfiles.LoadTree(zephyr);
        var modules = zephyr.Workspace is null ? new List<string>() : Zephyr.BoardlessContext.FindModules(zephyr.Workspace).Select(m => m.Name).ToList();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var profile in library.Profiles)
        {
            var baseFragments = library.Fragments(profile, null);
            var baseSnap = ProfileSnapshot.Create(zephyr, modules, profile, null, baseFragments, Check(ProfileEvaluation.Run(tree, baseFragments)));
            files[ProfileSnapshot.FileName(profile, null)] = baseSnap.ToJson();
            foreach (var port in library.Ports)
            {
                var fragments = library.Fragments(profile, port);
                var snap = ProfileSnapshot.Create(zephyr, modules, profile, port, fragments, Check(ProfileEvaluation.Run(tree, fragments)));
                // A port file only where the overlay changes something.
                if (!snap.Symbols.SequenceEqual(baseSnap.Symbols) || !snap.Sources.SequenceEqual(baseSnap.Sources))
                    files[ProfileSnapshot.FileName(profile, port)] = snap.ToJson();
            }
        }
        return files;
    }

    private static ProfileResult Check(ProfileResult r) => r.NotHonoured.Count == 0 ? r
        : throw new ZblegenException($"{r.NotHonoured[0]}; fix the profile before snapshotting it");
}
