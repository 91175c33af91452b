using System.Text;
using System.Text.RegularExpressions;

namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// The glob that 'source' patterns use: *, ? and [...] within one path component, hidden
/// entries only matched by a pattern that starts with a dot, results sorted by ordinal path.
/// </summary>
internal sealed class SourceGlob
{
    // Zephyr globs the same few patterns many times; compile each once per parse.
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public List<string> Expand(string pattern)
    {
        var results = new List<string>();
        if (!HasMagic(pattern))
        {
            // Existence is found out by opening it (one system call instead of two).
            results.Add(pattern);
            return results;
        }
        var parts = pattern.Split('/');
        var bases = new List<string> { parts[0].Length == 0 ? "/" : parts[0] };
        if (parts[0].Length > 0 && HasMagic(parts[0]))
            bases = Match(".", parts[0]).Select(n => n).ToList();
        for (var k = 1; k < parts.Length; k++)
        {
            var part = parts[k];
            var last = k == parts.Length - 1;
            var next = new List<string>();
            foreach (var b in bases)
            {
                if (part.Length == 0)
                {
                    next.Add(b.EndsWith('/') ? b : b + "/");
                    continue;
                }
                if (!HasMagic(part))
                {
                    var p = Join(b, part);
                    if (last ? File.Exists(p) || Directory.Exists(p) : Directory.Exists(p)) next.Add(p);
                    continue;
                }
                foreach (var name in Match(b, part))
                {
                    var p = Join(b, name);
                    if (last || Directory.Exists(p)) next.Add(p);
                }
            }
            bases = next;
        }
        results.AddRange(bases);
        results.Sort(StringComparer.Ordinal);
        return results;
    }

    private static string Join(string dir, string name) => dir.EndsWith('/') ? dir + name : dir + "/" + name;

    private static readonly System.Buffers.SearchValues<char> Magic = System.Buffers.SearchValues.Create("*?[");

    private static bool HasMagic(string s) => s.AsSpan().IndexOfAny(Magic) >= 0;

    private IEnumerable<string> Match(string dir, string pattern)
    {
        if (!Directory.Exists(dir)) return Array.Empty<string>();
        if (!_patterns.TryGetValue(pattern, out var re))
            _patterns[pattern] = re = new Regex(Translate(pattern), RegexOptions.CultureInvariant);
        var hiddenOk = pattern.StartsWith('.');
        return Directory.EnumerateFileSystemEntries(dir)
            .Select(Path.GetFileName)
            .Where(n => n is not null && (hiddenOk || !n.StartsWith('.')) && re.IsMatch(n))
            .Select(n => n!)
            .ToList();
    }

    /// <summary>fnmatch's translation of a shell pattern into an anchored regular expression.</summary>
    private static string Translate(string pat)
    {
        var sb = new StringBuilder("^(?s:");
        var i = 0;
        while (i < pat.Length)
        {
            var c = pat[i++];
            if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else if (c == '[')
            {
                var j = i;
                if (j < pat.Length && pat[j] == '!') j++;
                if (j < pat.Length && pat[j] == ']') j++;
                while (j < pat.Length && pat[j] != ']') j++;
                if (j >= pat.Length)
                {
                    sb.Append("\\[");
                }
                else
                {
                    var stuff = pat[i..j].Replace("\\", "\\\\");
                    i = j + 1;
                    if (stuff.StartsWith('!')) stuff = "^" + stuff[1..];
                    else if (stuff.StartsWith('^')) stuff = "\\" + stuff;
                    sb.Append('[').Append(stuff).Append(']');
                }
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.Append(")$").ToString();
    }
}
