using Zblegen.Clang;
using Zblegen.Core;

namespace Zblegen.Scan;

/// <summary>
/// Follows the #include graph of the Zephyr host sources by lexing each file with libclang (no
/// configuration exists yet at scan time, so every branch counts; the profile narrows it later).
/// </summary>
public sealed class HostIncludeScanner
{
    /// <summary>Folders whose .c files are host sources, and extra quoted-include roots the host's CMake adds.</summary>
    public static readonly IReadOnlyList<string> SourceFolders = new[] { "subsys/bluetooth/host", "subsys/bluetooth/common", "lib/net_buf" };
    private static readonly IReadOnlyList<string> QuoteRoots = new[] { "subsys/bluetooth", "subsys/bluetooth/host", "include" };

    private readonly ClangIndex _index;
    private readonly TextWriter _progress;
    private readonly Dictionary<string, IReadOnlyList<IncludeLine>> _lexed = new(StringComparer.Ordinal);

    public HostIncludeScanner(ClangIndex index, TextWriter progress)
    {
        _index = index;
        _progress = progress;
    }

    public HostIncludesSnapshot Scan(UpstreamTree zephyr)
    {
        var root = zephyr.Root;
        var sources = SourceFolders
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.c", SearchOption.AllDirectories))
            .Select(p => Rel(root, p)).Order(StringComparer.Ordinal).ToArray();
        var result = new List<SourceIncludes>();
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (source, i) in sources.Select((s, i) => (s, i)))
        {
            if (i % 10 == 0)
                _progress.WriteLine($"  includes: {i}/{sources.Length} host sources");
            var direct = Includes(root, source);
            var zephyrHeaders = new SortedSet<string>(StringComparer.Ordinal);
            var local = new SortedSet<string>(StringComparer.Ordinal);
            var unresolved = new SortedSet<string>(StringComparer.Ordinal);
            var system = new SortedSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal) { source };
            var queue = new Queue<string>(new[] { source });
            while (queue.Count > 0)
            {
                foreach (var inc in Includes(root, queue.Dequeue()))
                {
                    if (inc.Resolved == null)
                    {
                        (IsAngled(inc.Written) && !inc.Written.StartsWith("<zephyr/") ? system : unresolved).Add(inc.Written);
                        continue;
                    }
                    if (!seen.Add(inc.Resolved))
                        continue;
                    queue.Enqueue(inc.Resolved);
                    reached.Add(inc.Resolved);
                    if (inc.Resolved.StartsWith("include/zephyr/"))
                        zephyrHeaders.Add(inc.Resolved["include/".Length..]);
                    else
                        local.Add(inc.Resolved);
                }
            }
            result.Add(new SourceIncludes(source, direct, zephyrHeaders.ToArray(), local.ToArray(), unresolved.ToArray(), system.ToArray()));
        }
        return new HostIncludesSnapshot(zephyr.Version, SourceFolders, result, reached.ToArray());
    }

    /// <summary>The #include lines of one file (path relative to the tree), resolved against the tree.</summary>
    private IReadOnlyList<IncludeLine> Includes(string root, string rel)
    {
        if (_lexed.TryGetValue(rel, out var cached))
            return cached;
        var path = Path.Combine(root, rel);
        using var tu = _index.Parse(new ParseRequest(path, new[] { "-x", "c" }, ParseMode.LexOnly));
        PreprocessorMap map;
        try
        {
            map = PreprocessorMap.Build(tu.Tokenize(path), tu.ReadBytes(path), Array.Empty<(int, int)>());
        }
        catch (FormatException e)
        {
            throw new ZblegenException($"{e.Message}; the file's #if nesting is broken, check the tree");
        }
        var lines = map.Directives
            .Where(d => d.Kind == DirectiveKind.Include)
            .Select(d => new IncludeLine(d.BodyText, Resolve(root, rel, d.BodyText), map.GuardAt(d.Position.Offset), d.Position.Line))
            .ToArray();
        _lexed[rel] = lines;
        return lines;
    }

    private static string? Resolve(string root, string includer, string written)
    {
        if (written.Length < 2)
            return null;
        var name = written[1..^1];
        IEnumerable<string> candidates = written[0] switch
        {
            '<' when written[^1] == '>' => new[] { Path.Combine("include", name) },
            '"' when written[^1] == '"' => new[] { Path.Combine(Path.GetDirectoryName(includer)!, name) }.Concat(QuoteRoots.Select(r => Path.Combine(r, name))),
            _ => Array.Empty<string>(), // #include MACRO: computed, not followed
        };
        return candidates.Select(c => Rel(root, Path.GetFullPath(Path.Combine(root, c)))).FirstOrDefault(c => !c.StartsWith("..") && File.Exists(Path.Combine(root, c)));
    }

    private static bool IsAngled(string written) => written.StartsWith('<');

    private static string Rel(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
