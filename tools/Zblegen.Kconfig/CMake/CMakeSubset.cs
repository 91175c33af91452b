using System.Text;
using Zblegen.Core;

namespace Zblegen.Kconfig.CMake;

/// <summary>A source file the build compiles for the configuration: path relative to its root ($ZEPHYR_BASE or a module), its library, and where it was added.</summary>
public sealed record CMakeSource(string Path, string Library, string Where);

/// <summary>What a set of CMakeLists contributes to the build for one configuration.</summary>
public sealed record CMakeResult(
    IReadOnlyList<CMakeSource> Sources,
    IReadOnlyList<string> IncludeDirs,
    IReadOnlyList<string> Links,
    IReadOnlyList<string> Messages,
    IReadOnlyList<string> Files);

/// <summary>
/// Executes the subset of CMake that Zephyr's Bluetooth host, common, crypto and net_buf
/// CMakeLists use: zephyr_library*, zephyr_sources*, include directories, add_subdirectory*,
/// if/elseif/else/endif over CONFIG_ values, set/list(APPEND)/unset and ${} expansion. A command
/// outside the subset stops the run with its file:line, so nothing is skipped silently.
/// </summary>
public sealed class CMakeSubset
{
    private readonly IReadOnlyDictionary<string, string> _roots;
    private readonly List<CMakeSource> _sources = new();
    private readonly HashSet<string> _sourceSet = new(StringComparer.Ordinal);
    private readonly List<string> _includes = new();
    private readonly List<string> _links = new();
    private readonly List<string> _messages = new();
    private readonly List<string> _files = new();

    /// <param name="roots">Placeholder → absolute directory ("$ZEPHYR_BASE" → ...); output paths are written relative to these.</param>
    private CMakeSubset(IReadOnlyDictionary<string, string> roots) => _roots = roots;

    /// <summary>Runs each root CMakeLists.txt with the CONFIG_ variables Zephyr imports from .config.</summary>
    public static CMakeResult Run(string zephyrBase, IReadOnlyDictionary<string, string> roots, IReadOnlyDictionary<string, string> variables, IEnumerable<string> listFiles)
    {
        var r = new CMakeSubset(roots);
        foreach (var file in listFiles)
        {
            var scope = new Dictionary<string, string>(variables, StringComparer.Ordinal) { ["ZEPHYR_BASE"] = zephyrBase };
            r.RunFile(Path.GetFullPath(file), scope);
        }
        return new CMakeResult(r._sources, r._includes, r._links, r._messages, r._files);
    }

    /// <summary>The CONFIG_ variables CMake sees: every symbol .config assigns a value other than n.</summary>
    public static Dictionary<string, string> ConfigVariables(Evaluation.Evaluation ev)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in ev.Tree.Symbols)
        {
            if (!ev.IsWritten(s)) continue;
            var v = ev.Str(s);
            if (s.Type is Model.KconfigType.Bool or Model.KconfigType.Tristate && v == "n") continue;
            vars["CONFIG_" + s.Name] = v;
        }
        return vars;
    }

    private sealed class Frame(string dir, string library)
    {
        public readonly string Dir = dir;
        public string Library = library;
    }

    private void RunFile(string path, Dictionary<string, string> vars)
    {
        if (!File.Exists(path))
            throw new ZblegenException($"{Display(path)}: missing; the Zephyr tree is incomplete or the add_subdirectory points elsewhere");
        var display = Display(path);
        _files.Add(display);
        var commands = CMakeSyntax.Parse(File.ReadAllText(path), display);
        var dir = Path.GetDirectoryName(path)!;
        vars["CMAKE_CURRENT_SOURCE_DIR"] = dir;
        vars["CMAKE_CURRENT_LIST_DIR"] = dir;
        var frame = new Frame(dir, LibraryName(dir));
        var i = 0;
        Execute(commands, ref i, vars, frame, null);
    }

    /// <summary>Runs commands until the block ends; returns the terminating command name (elseif/else/endif) or null at the end.</summary>
    private string? Execute(IReadOnlyList<CMakeCommand> cmds, ref int i, Dictionary<string, string> vars, Frame frame, CMakeCommand? opener)
    {
        while (i < cmds.Count)
        {
            var c = cmds[i++];
            switch (c.Name)
            {
                case "if":
                    RunIf(cmds, ref i, vars, frame, c);
                    break;
                case "elseif" or "else" or "endif":
                    if (opener is null) throw new ZblegenException($"{c.Where}: {c.Name}() without if(); fix the CMake file");
                    i--;
                    return c.Name;
                default:
                    Run(c, vars, frame);
                    break;
            }
        }
        if (opener is not null) throw new ZblegenException($"{opener.Where}: if() is never closed with endif(); fix the CMake file");
        return null;
    }

    private void RunIf(IReadOnlyList<CMakeCommand> cmds, ref int i, Dictionary<string, string> vars, Frame frame, CMakeCommand opener)
    {
        var taken = false;
        var cond = Condition(opener, vars);
        while (true)
        {
            string? end;
            if (cond && !taken)
            {
                taken = true;
                end = Execute(cmds, ref i, vars, frame, opener);
            }
            else
            {
                end = Skip(cmds, ref i, opener);
            }
            var c = cmds[i++];
            if (end == "endif") return;
            cond = end == "else" || Condition(c, vars);
        }
    }

    /// <summary>Skips a block that is not taken (nested ifs included); returns its terminator.</summary>
    private static string Skip(IReadOnlyList<CMakeCommand> cmds, ref int i, CMakeCommand opener)
    {
        var depth = 0;
        while (i < cmds.Count)
        {
            var c = cmds[i];
            if (c.Name == "if") depth++;
            else if (c.Name == "endif" && depth > 0) depth--;
            else if (depth == 0 && c.Name is "elseif" or "else" or "endif") return c.Name;
            i++;
        }
        throw new ZblegenException($"{opener.Where}: if() is never closed with endif(); fix the CMake file");
    }

    private void Run(CMakeCommand c, Dictionary<string, string> vars, Frame frame)
    {
        var args = Expand(c, vars);
        switch (c.Name)
        {
            case "zephyr_library":
                frame.Library = LibraryName(frame.Dir);
                break;
            case "zephyr_library_named":
                frame.Library = Arg(c, args, 0);
                break;
            case "zephyr_library_sources":
                AddSources(c, args, frame.Library, frame);
                break;
            case "zephyr_sources":
                AddSources(c, args, "zephyr", frame);
                break;
            case "zephyr_library_sources_ifdef":
                if (IfDef(c, args, vars)) AddSources(c, args.Skip(1).ToList(), frame.Library, frame);
                break;
            case "zephyr_sources_ifdef":
                if (IfDef(c, args, vars)) AddSources(c, args.Skip(1).ToList(), "zephyr", frame);
                break;
            case "zephyr_include_directories" or "zephyr_library_include_directories":
                AddIncludes(c, args, frame);
                break;
            case "zephyr_include_directories_ifdef" or "zephyr_library_include_directories_ifdef":
                if (IfDef(c, args, vars)) AddIncludes(c, args.Skip(1).ToList(), frame);
                break;
            case "target_include_directories":
                AddIncludes(c, args.Skip(1).Where(a => a is not ("INTERFACE" or "PUBLIC" or "PRIVATE" or "SYSTEM" or "BEFORE" or "AFTER")).ToList(), frame);
                break;
            case "add_subdirectory":
                RunFile(Path.Combine(Resolve(Arg(c, args, 0), frame), "CMakeLists.txt"), new Dictionary<string, string>(vars, StringComparer.Ordinal));
                break;
            case "add_subdirectory_ifdef":
                if (IfDef(c, args, vars))
                    RunFile(Path.Combine(Resolve(Arg(c, args, 1), frame), "CMakeLists.txt"), new Dictionary<string, string>(vars, StringComparer.Ordinal));
                break;
            case "zephyr_library_link_libraries" or "target_link_libraries":
                foreach (var a in args.Skip(c.Name == "target_link_libraries" ? 1 : 0).Where(a => a is not ("INTERFACE" or "PUBLIC" or "PRIVATE")))
                    AddOnce(_links, a);
                break;
            case "zephyr_library_link_libraries_ifdef":
                if (IfDef(c, args, vars))
                    foreach (var a in args.Skip(1)) AddOnce(_links, a);
                break;
            case "add_library":
                // Only interface libraries are in the subset: they carry include directories, no sources.
                if (args.Count != 2 || args[1] != "INTERFACE")
                    throw new ZblegenException($"{c.Where}: add_library({string.Join(" ", args)}) is outside the CMake subset (only INTERFACE libraries); extend zblegen's CMake reader");
                break;
            case "message":
                _messages.Add($"{c.Where}: {string.Join(" ", args)}");
                break;
            case "set":
                if (args.Count == 0) throw new ZblegenException($"{c.Where}: set() needs a variable name");
                var values = args.Skip(1).ToList();
                if (values.Count > 0 && values[^1] == "PARENT_SCOPE")
                    throw new ZblegenException($"{c.Where}: set(... PARENT_SCOPE) is outside the CMake subset; extend zblegen's CMake reader");
                vars[args[0]] = string.Join(";", values);
                break;
            case "unset":
                vars.Remove(Arg(c, args, 0));
                break;
            case "list":
                if (args.Count < 2 || args[0] != "APPEND")
                    throw new ZblegenException($"{c.Where}: list({string.Join(" ", args.Take(1))} ...) is outside the CMake subset (only APPEND); extend zblegen's CMake reader");
                var old = vars.GetValueOrDefault(args[1], "");
                var add = string.Join(";", args.Skip(2));
                vars[args[1]] = old.Length == 0 ? add : add.Length == 0 ? old : old + ";" + add;
                break;
            default:
                throw new ZblegenException($"{c.Where}: {c.Name}() is outside the CMake subset zblegen reads; extend the reader (tools/Zblegen.Kconfig/CMake) rather than skipping it");
        }
    }

    private static string Arg(CMakeCommand c, List<string> args, int index) =>
        index < args.Count ? args[index] : throw new ZblegenException($"{c.Where}: {c.Name}() needs at least {index + 1} argument(s)");

    /// <summary>The _ifdef family: the first argument names a variable; the rest applies when it is true.</summary>
    private static bool IfDef(CMakeCommand c, List<string> args, Dictionary<string, string> vars)
    {
        // The condition is written ${CONFIG_X}'s name, i.e. CONFIG_X, and Zephyr tests if(${CONFIG_X}).
        var raw = c.Arguments.Count > 0 ? c.Arguments[0].Text : throw new ZblegenException($"{c.Where}: {c.Name}() needs a condition");
        var name = raw.StartsWith("${") && raw.EndsWith('}') ? raw[2..^1] : raw;
        return vars.TryGetValue(name, out var v) && IsTrueConstant(v);
    }

    private void AddSources(CMakeCommand c, List<string> files, string library, Frame frame)
    {
        foreach (var f in files)
        {
            if (f.Contains("$<"))
                throw new ZblegenException($"{c.Where}: generator expression '{f}' in a source list is outside the CMake subset; extend zblegen's CMake reader");
            var rel = Display(Resolve(f, frame));
            if (_sourceSet.Add(rel)) _sources.Add(new CMakeSource(rel, library, c.Where));
        }
    }

    private void AddIncludes(CMakeCommand c, List<string> dirs, Frame frame)
    {
        foreach (var d in dirs)
        {
            if (d.Contains("$<"))
                throw new ZblegenException($"{c.Where}: generator expression '{d}' in include directories is outside the CMake subset; extend zblegen's CMake reader");
            AddOnce(_includes, Display(Resolve(d, frame)));
        }
    }

    private static void AddOnce(List<string> list, string item)
    {
        if (!list.Contains(item)) list.Add(item);
    }

    private static string Resolve(string p, Frame frame) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(frame.Dir, p));

    /// <summary>A path relative to the root that holds it, prefixed by its placeholder; absolute paths never reach the output.</summary>
    private string Display(string full)
    {
        foreach (var (name, root) in _roots.OrderByDescending(r => r.Value.Length))
        {
            var rel = Path.GetRelativePath(root, full);
            if (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel))
                return name == "$ZEPHYR_BASE" ? rel.Replace('\\', '/') : $"{name}/{rel.Replace('\\', '/')}";
        }
        throw new ZblegenException($"{full}: outside the Zephyr tree and its modules; zblegen only reads CMake files inside them");
    }

    /// <summary>zephyr_library()'s name: the folder relative to its root with '/' as "__".</summary>
    private string LibraryName(string dir) => Display(dir).Replace("$", "").Replace("/", "__");

    /// <summary>${VAR} expansion (innermost first) and ';' list splitting of unquoted arguments.</summary>
    private static List<string> Expand(CMakeCommand c, Dictionary<string, string> vars)
    {
        var result = new List<string>();
        foreach (var a in c.Arguments)
        {
            var text = ExpandRefs(a.Text, vars, c);
            if (a.Quoted) result.Add(text);
            else result.AddRange(text.Split(';').Where(s => s.Length > 0));
        }
        return result;
    }

    private static string ExpandRefs(string s, Dictionary<string, string> vars, CMakeCommand c)
    {
        if (s.Contains("$ENV{") || s.Contains("$CACHE{"))
            throw new ZblegenException($"{c.Where}: $ENV{{}}/$CACHE{{}} references are outside the CMake subset; extend zblegen's CMake reader");
        while (true)
        {
            var end = s.IndexOf('}');
            if (end < 0) return s;
            var start = s.LastIndexOf("${", end, StringComparison.Ordinal);
            if (start < 0) return s;
            var name = s[(start + 2)..end];
            s = s[..start] + vars.GetValueOrDefault(name, "") + s[(end + 1)..];
        }
    }

    private static readonly HashSet<string> FalseConstants = new(StringComparer.OrdinalIgnoreCase) { "0", "OFF", "NO", "FALSE", "N", "IGNORE", "NOTFOUND", "" };
    private static readonly HashSet<string> TrueConstants = new(StringComparer.OrdinalIgnoreCase) { "1", "ON", "YES", "TRUE", "Y" };

    private static bool IsTrueConstant(string v) =>
        !(FalseConstants.Contains(v) || v.EndsWith("-NOTFOUND", StringComparison.OrdinalIgnoreCase));

    /// <summary>if() conditions: variables and constants, NOT, AND, OR, parentheses, DEFINED, STREQUAL, EQUAL.</summary>
    private static bool Condition(CMakeCommand c, Dictionary<string, string> vars)
    {
        // Arguments keep their quoting: a quoted argument is a string, an unquoted one may name a variable.
        var toks = new List<CMakeArgument>();
        foreach (var a in c.Arguments)
        {
            var text = ExpandRefs(a.Text, vars, c);
            toks.Add(new CMakeArgument(text, a.Quoted || a.Text.Contains("${")));
        }
        var pos = 0;
        var result = Or(toks, ref pos, vars, c);
        if (pos != toks.Count) throw new ZblegenException($"{c.Where}: if() condition '{string.Join(" ", c.Arguments.Select(a => a.Text))}' is outside the CMake subset; extend zblegen's CMake reader");
        return result;
    }

    private static bool Or(List<CMakeArgument> t, ref int pos, Dictionary<string, string> vars, CMakeCommand c)
    {
        var v = And(t, ref pos, vars, c);
        while (pos < t.Count && !t[pos].Quoted && t[pos].Text == "OR")
        {
            pos++;
            var r = And(t, ref pos, vars, c);
            v = v || r;
        }
        return v;
    }

    private static bool And(List<CMakeArgument> t, ref int pos, Dictionary<string, string> vars, CMakeCommand c)
    {
        var v = Not(t, ref pos, vars, c);
        while (pos < t.Count && !t[pos].Quoted && t[pos].Text == "AND")
        {
            pos++;
            var r = Not(t, ref pos, vars, c);
            v = v && r;
        }
        return v;
    }

    private static bool Not(List<CMakeArgument> t, ref int pos, Dictionary<string, string> vars, CMakeCommand c)
    {
        if (pos < t.Count && !t[pos].Quoted && t[pos].Text == "NOT")
        {
            pos++;
            return !Not(t, ref pos, vars, c);
        }
        return Primary(t, ref pos, vars, c);
    }

    private static bool Primary(List<CMakeArgument> t, ref int pos, Dictionary<string, string> vars, CMakeCommand c)
    {
        if (pos >= t.Count) return false;
        var a = t[pos++];
        if (!a.Quoted && a.Text == "(")
        {
            var v = Or(t, ref pos, vars, c);
            if (pos >= t.Count || t[pos].Text != ")") throw new ZblegenException($"{c.Where}: unbalanced parentheses in if(); fix the CMake file");
            pos++;
            return v;
        }
        if (!a.Quoted && a.Text == "DEFINED")
        {
            if (pos >= t.Count) throw new ZblegenException($"{c.Where}: DEFINED needs a variable name");
            return vars.ContainsKey(t[pos++].Text);
        }
        if (pos < t.Count && !t[pos].Quoted && t[pos].Text is "STREQUAL" or "EQUAL")
        {
            var op = t[pos++].Text;
            if (pos >= t.Count) throw new ZblegenException($"{c.Where}: {op} needs a right-hand side");
            var l = Value(a, vars);
            var r = Value(t[pos++], vars);
            return op == "STREQUAL" ? l == r : long.TryParse(l, out var x) && long.TryParse(r, out var y) && x == y;
        }
        // A quoted (or already expanded) argument is a constant: only true constants are true.
        if (a.Quoted) return TrueConstants.Contains(a.Text) || long.TryParse(a.Text, out var n) && n != 0;
        if (TrueConstants.Contains(a.Text) || long.TryParse(a.Text, out var num) && num != 0) return true;
        if (FalseConstants.Contains(a.Text) || a.Text.EndsWith("-NOTFOUND", StringComparison.OrdinalIgnoreCase)) return false;
        return vars.TryGetValue(a.Text, out var value) && IsTrueConstant(value);
    }

    private static string Value(CMakeArgument a, Dictionary<string, string> vars) =>
        !a.Quoted && vars.TryGetValue(a.Text, out var v) ? v : a.Text;
}
