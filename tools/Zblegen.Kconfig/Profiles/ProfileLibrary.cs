using System.Text.RegularExpressions;
using Zblegen.Core;

namespace Zblegen.Kconfig.Profiles;

/// <summary>A fragment to apply: its path and the name errors show (relative to the repository).</summary>
public sealed record FragmentFile(string Path, string DisplayName);

/// <summary>
/// Feature profiles and port overlays as Kconfig fragments in bindings/profiles/:
/// NAME.conf (may start with '# extends: BASE') and ports/PORT.conf.
/// </summary>
public sealed class ProfileLibrary(string profilesDir, string displayRoot)
{
    private static readonly Regex Extends = new(@"^#\s*extends:\s*(\S+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The profile generate, build and multitest use when none is named: everything the module can expose.</summary>
    public const string DefaultProfile = "full";

    public static ProfileLibrary ForRepo(RepoLayout repo) => new(Path.Combine(repo.Bindings, "profiles"), repo.Root);

    public IReadOnlyList<string> Profiles => Names(profilesDir);
    public IReadOnlyList<string> Ports => Names(Path.Combine(profilesDir, "ports"));

    private static IReadOnlyList<string> Names(string dir) => Directory.Exists(dir)
        ? Directory.GetFiles(dir, "*.conf").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray()
        : Array.Empty<string>();

    /// <summary>The fragments for a profile (its bases first) and an optional port overlay, in the order they apply.</summary>
    public IReadOnlyList<FragmentFile> Fragments(string profile, string? port)
    {
        var chain = new List<FragmentFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var name = profile; name is not null;)
        {
            if (!seen.Add(name))
                throw new ZblegenException($"{Display(ProfilePath(name))}:1: profile '{name}' extends itself through '{profile}'; fix the '# extends:' lines");
            var path = ProfilePath(name);
            if (!File.Exists(path))
                throw new ZblegenException(chain.Count == 0
                    ? $"no profile '{name}' in {Display(profilesDir)}; choose one of: {string.Join(", ", Profiles)}"
                    : $"{chain[0].DisplayName}:1: extends unknown profile '{name}'; choose one of: {string.Join(", ", Profiles)}");
            chain.Insert(0, new FragmentFile(path, Display(path)));
            var m = Extends.Match(File.ReadAllText(path));
            name = m.Success ? m.Groups[1].Value : null;
        }
        if (port is not null)
        {
            var path = System.IO.Path.Combine(profilesDir, "ports", port + ".conf");
            if (!File.Exists(path))
                throw new ZblegenException($"no port overlay '{port}' in {Display(System.IO.Path.Combine(profilesDir, "ports"))}; choose one of: {string.Join(", ", Ports)}");
            chain.Add(new FragmentFile(path, Display(path)));
        }
        return chain;
    }

    private string ProfilePath(string name) => System.IO.Path.Combine(profilesDir, name + ".conf");

    private string Display(string path) => System.IO.Path.GetRelativePath(displayRoot, path).Replace('\\', '/');
}
