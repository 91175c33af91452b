using System.Text;
using System.Text.RegularExpressions;
using Zblegen.Core;
using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Evaluation;

/// <summary>One line of a configuration fragment: CONFIG_NAME=value or '# CONFIG_NAME is not set'.</summary>
public sealed record Assignment(string Name, string Value, string File, int Line)
{
    public string Where => $"{File}:{Line}";
    /// <summary>Written as '# CONFIG_NAME is not set'.</summary>
    public bool IsUnset { get; init; }
}

/// <summary>
/// A parsed .config-style fragment (a profile or port overlay). Parsing is separate from
/// applying so a fragment can be checked and explained on its own.
/// </summary>
public sealed class ConfigFragment
{
    private static readonly Regex Set = new(@"^CONFIG_([^=]+)=(.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex Unset = new(@"^# CONFIG_([^ ]+) is not set", RegexOptions.CultureInvariant);
    private static readonly Regex QuotedString = new(@"^""((?:[^\\""]|\\.)*)""", RegexOptions.CultureInvariant);

    private ConfigFragment(string file, IReadOnlyList<Assignment> assignments, IReadOnlyList<string> problems)
    {
        File = file;
        Assignments = assignments;
        Problems = problems;
    }

    public string File { get; }
    public IReadOnlyList<Assignment> Assignments { get; }
    /// <summary>Malformed lines, as file:line messages.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static ConfigFragment Parse(string displayName, string text)
    {
        var list = new List<Assignment>();
        var problems = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var m = Set.Match(line);
            if (m.Success)
            {
                list.Add(new Assignment(m.Groups[1].Value, m.Groups[2].Value, displayName, i + 1));
                continue;
            }
            m = Unset.Match(line);
            if (m.Success)
            {
                list.Add(new Assignment(m.Groups[1].Value, "n", displayName, i + 1) { IsUnset = true });
                continue;
            }
            if (line.Length > 0 && !line.TrimStart().StartsWith('#'))
                problems.Add($"{displayName}:{i + 1}: malformed line '{line}'; write CONFIG_NAME=value");
        }
        return new ConfigFragment(displayName, list, problems);
    }

    public static ConfigFragment Load(string path, string displayName)
    {
        try
        {
            return Parse(displayName, System.IO.File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZblegenException($"{displayName}: cannot read ({e.Message}); check the path");
        }
    }

    /// <summary>
    /// Applies the fragment to an evaluation the way a .config file is loaded (merging, later lines win).
    /// Returns what could not be applied: unknown symbols and values malformed for their type.
    /// </summary>
    public IReadOnlyList<string> ApplyTo(Evaluation ev)
    {
        var rejected = new List<string>();
        foreach (var a in Assignments)
        {
            var sym = ev.Tree.Find(a.Name);
            if (sym is null || !sym.IsDefined)
            {
                rejected.Add($"{a.Where}: CONFIG_{a.Name} is not a Kconfig symbol of this tree; remove it or check its spelling");
                continue;
            }
            var val = a.Value;
            if (sym.Type is KconfigType.Bool or KconfigType.Tristate)
            {
                var ok = sym.Type == KconfigType.Bool ? val.StartsWith('y') || val.StartsWith('n') : val.StartsWith('y') || val.StartsWith('m') || val.StartsWith('n');
                if (!ok)
                {
                    rejected.Add($"{a.Where}: '{val}' is not a valid value for the {sym.Type.ToString().ToLowerInvariant()} symbol {sym.Name}; use y or n");
                    continue;
                }
                val = val[..1];
                if (sym.Choice is not null && val != "n")
                    ev.SetChoiceMode(sym.Choice, val);
            }
            else if (a.IsUnset)
            {
                continue;
            }
            else if (sym.Type == KconfigType.String)
            {
                var m = QuotedString.Match(val);
                if (!m.Success)
                {
                    rejected.Add($"{a.Where}: malformed string literal for {sym.Name}; quote it: CONFIG_{sym.Name}=\"...\"");
                    continue;
                }
                val = Unescape(m.Groups[1].Value);
            }
            if (!ev.SetUserValue(sym, val))
                rejected.Add($"{a.Where}: '{a.Value}' is not a valid {sym.Type.ToString().ToLowerInvariant()} value for {sym.Name}; fix the value");
        }
        return rejected;
    }

    /// <summary>Removes the backslash before any character, as the reference does for string values.</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length) i++;
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
