using System.Text.Json;
using System.Text.RegularExpressions;

namespace Zblegen.Core;

public enum TreeKind { MicroPython, Zephyr }

/// <summary>A located and version-checked upstream tree. For Zephyr, Root is ZEPHYR_BASE.</summary>
public sealed record UpstreamTree(TreeKind Kind, string Root, string Version, string FoundBy)
{
    /// <summary>The west workspace holding zephyr/ and modules/ (Zephyr only; null when zephyr/ stands alone).</summary>
    public string? Workspace => Kind == TreeKind.Zephyr && Directory.Exists(Path.Combine(Root, "..", "modules"))
        ? Path.GetFullPath(Path.Combine(Root, "..")) : null;
}

/// <summary>Versions and layout markers we support, read from bindings/upstream.json (data, not code).</summary>
public sealed record SupportedUpstreams(IReadOnlyList<string> MicroPythonVersions, IReadOnlyList<string> MicroPythonLayout,
                                        IReadOnlyList<string> ZephyrVersions, IReadOnlyList<string> ZephyrLayout)
{
    public static SupportedUpstreams Load(RepoLayout repo)
    {
        var path = Path.Combine(repo.Bindings, "upstream.json");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            IReadOnlyList<string> List(string tree, string key) =>
                doc.RootElement.GetProperty(tree).GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();
            return new(List("micropython", "supported"), List("micropython", "layout"), List("zephyr", "supported"), List("zephyr", "layout"));
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ZblegenException($"{path}: {e.Message}; restore it with git checkout -- bindings/upstream.json");
        }
    }
}

/// <summary>
/// Finds the MicroPython and Zephyr trees: --micropython/--zephyr, then MICROPY_DIR/ZEPHYR_BASE,
/// then ../upstream/ beside the repository, then ~/.cache/zblegen/upstream/ (SearchOrder spells it for help).
/// An explicit location (option or variable) that is wrong is an error; a missing default is not.
/// </summary>
public sealed class UpstreamLocator
{
    private readonly RepoLayout _repo;
    private readonly IEnvironment _env;
    private readonly SupportedUpstreams _supported;

    public UpstreamLocator(RepoLayout repo, IEnvironment env, SupportedUpstreams supported)
    {
        _repo = repo;
        _env = env;
        _supported = supported;
    }

    public static UpstreamLocator ForProcess(RepoLayout repo) => new(repo, ProcessEnvironment.Instance, SupportedUpstreams.Load(repo));

    /// <summary>The option and variable that name a tree, and its folder in both default locations.</summary>
    public static (string Option, string Variable, string Folder) Names(TreeKind kind) => kind == TreeKind.MicroPython
        ? ("--micropython", "MICROPY_DIR", "micropython")
        : ("--zephyr", "ZEPHYR_BASE", Path.Combine("zephyrproject", "zephyr"));

    /// <summary>Where Find looks, in its order, as one line of help.</summary>
    public static string SearchOrder(TreeKind kind)
    {
        var (option, variable, folder) = Names(kind);
        return $"{kind} tree, looked for in this order: {option} DIR, ${variable}, {Path.Combine("..", "upstream", folder)} beside the checkout, " +
               Path.Combine(CacheFolders.InHome("~").Upstream, folder);
    }

    /// <summary>The tree, or null when no location names one and no default location holds one.</summary>
    public UpstreamTree? Find(TreeKind kind, string? optionDir)
    {
        var (option, variable, _) = Names(kind);
        if (!string.IsNullOrEmpty(optionDir))
            return Check(kind, optionDir, $"{option} {optionDir}");
        var fromEnv = _env.Get(variable);
        if (!string.IsNullOrEmpty(fromEnv))
            return Check(kind, fromEnv, $"{variable}={fromEnv}");
        foreach (var (dir, how) in DefaultLocations(kind))
            if (Directory.Exists(dir))
                return Check(kind, dir, how);
        return null;
    }

    /// <summary>The tree, or an error that says where it was looked for and how to get it.</summary>
    public UpstreamTree Require(TreeKind kind, string? optionDir) =>
        Find(kind, optionDir) ?? throw new ZblegenException(MissingMessage(kind));

    public string MissingMessage(TreeKind kind)
    {
        var (option, variable, _) = Names(kind);
        var places = string.Join(", ", DefaultLocations(kind).Select(l => l.Dir));
        return $"no {kind} tree: pass {option} DIR or set {variable}, or lay the trees out in {places} (see README.md, 'Upstream trees')";
    }

    public IEnumerable<(string Dir, string How)> DefaultLocations(TreeKind kind)
    {
        var folder = Names(kind).Folder;
        var beside = Path.GetFullPath(Path.Combine(_repo.Root, "..", "upstream", folder));
        yield return (beside, $"{beside} (beside the repository)");
        var cache = Path.Combine(CacheFolders.For(_env).Upstream, folder);
        yield return (cache, $"{cache} (user cache)");
    }

    private UpstreamTree Check(TreeKind kind, string dir, string how)
    {
        var root = Path.GetFullPath(dir);
        if (!Directory.Exists(root))
            throw new ZblegenException($"{how}: no such directory; point it at a {kind} checkout");
        if (kind == TreeKind.Zephyr && !File.Exists(Path.Combine(root, "VERSION")) && File.Exists(Path.Combine(root, "zephyr", "VERSION")))
            root = Path.Combine(root, "zephyr"); // a west workspace was given: use its zephyr/
        var (layout, supported) = kind == TreeKind.MicroPython
            ? (_supported.MicroPythonLayout, _supported.MicroPythonVersions)
            : (_supported.ZephyrLayout, _supported.ZephyrVersions);
        var missing = layout.FirstOrDefault(rel => !File.Exists(Path.Combine(root, rel)));
        if (missing != null)
            throw new ZblegenException($"{how}: {Path.Combine(root, missing)} is missing, so this is not a {kind} tree of a known layout; point it at the tree's top folder");
        var version = kind == TreeKind.MicroPython ? ReadMicroPythonVersion(root) : ReadZephyrVersion(root);
        if (!supported.Contains(version))
            throw new ZblegenException($"{how}: {kind} {version} is not supported (supported: {string.Join(", ", supported)}); check out a supported version, e.g. with shared/upstream/checkout.sh");
        return new UpstreamTree(kind, root, version, how);
    }

    /// <summary>MICROPY_VERSION_MAJOR/MINOR/MICRO from py/mpconfig.h.</summary>
    public static string ReadMicroPythonVersion(string root)
    {
        var path = Path.Combine(root, "py", "mpconfig.h");
        var text = File.ReadAllText(path);
        string Part(string name)
        {
            var m = Regex.Match(text, $@"^#define\s+MICROPY_VERSION_{name}\s+\(?(\d+)\)?\s*$", RegexOptions.Multiline);
            return m.Success ? m.Groups[1].Value : throw new ZblegenException($"{path}: no MICROPY_VERSION_{name} define; is this a MicroPython tree?");
        }
        return $"{Part("MAJOR")}.{Part("MINOR")}.{Part("MICRO")}";
    }

    /// <summary>VERSION_MAJOR/MINOR/PATCHLEVEL from Zephyr's VERSION file.</summary>
    public static string ReadZephyrVersion(string root)
    {
        var path = Path.Combine(root, "VERSION");
        var fields = File.ReadAllLines(path)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        string Part(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v
            : throw new ZblegenException($"{path}: no {name} line; is this a Zephyr tree?");
        return $"{Part("VERSION_MAJOR")}.{Part("VERSION_MINOR")}.{Part("PATCHLEVEL")}";
    }
}
