using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// The Kconfig preprocessor: $(VAR), $(fn,args), recursive (=), simple (:=) and appended (+=)
/// variables, and $VAR/${VAR} inside quoted strings. One instance per parse; it holds the
/// variables defined so far.
/// </summary>
internal sealed class Preprocessor
{
    private sealed class Variable
    {
        public string Value = "";
        public bool IsRecursive;
        public int Expansions;
    }

    private readonly Dictionary<string, Variable> _variables = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _env;
    private readonly PreprocessorFunctions _functions;
    private readonly IParseLocation _where;

    public Preprocessor(IReadOnlyDictionary<string, string> env, PreprocessorFunctions functions, IParseLocation where)
    {
        _env = env;
        _functions = functions;
        _where = where;
    }

    /// <summary>Environment variables the Kconfig files referenced (for dependency tracking).</summary>
    public SortedSet<string> EnvironmentUsed { get; } = new(StringComparer.Ordinal);

    public string ExpandWhole(string s, IReadOnlyList<string> args)
    {
        var i = 0;
        while (true)
        {
            i = s.IndexOf("$(", i, StringComparison.Ordinal);
            if (i < 0) return s;
            (s, i) = ExpandMacro(s, i, args);
        }
    }

    /// <summary>Expands the $(...) starting at i; returns the new string and the index just past the expansion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (string S, int End) ExpandMacro(string s, int i, IReadOnlyList<string> args)
    {
        var res = s[..i];
        i += 2;
        var argStart = i;
        var newArgs = new List<string>();
        var nesting = 0;
        while (true)
        {
            var j = i;
            while (j < s.Length && s[j] != '(' && s[j] != ')' && s[j] != ',' && !(s[j] == '$' && j + 1 < s.Length && s[j + 1] == '('))
                j++;
            if (j >= s.Length)
                throw _where.Error("missing end parenthesis in macro expansion");
            var c = s[j];
            if (c == '(')
            {
                nesting++;
                i = j + 1;
            }
            else if (c == ')')
            {
                if (nesting > 0)
                {
                    nesting--;
                    i = j + 1;
                    continue;
                }
                newArgs.Add(s[argStart..j]);
                if (PyInt.TryParse(newArgs[0], 10, out var idx) && idx < args.Count && idx >= -args.Count)
                    res += args[(int)(idx < 0 ? args.Count + idx : idx)];
                else
                    res += FunctionValue(newArgs);
                return (res + s[(j + 1)..], res.Length);
            }
            else if (c == ',')
            {
                i = j + 1;
                if (nesting > 0) continue;
                newArgs.Add(s[argStart..j]);
                argStart = i;
            }
            else
            {
                (s, i) = ExpandMacro(s, j, args);
            }
        }
    }

    private string FunctionValue(List<string> args)
    {
        var fn = args[0];
        if (_variables.TryGetValue(fn, out var v))
        {
            if (args.Count == 1)
            {
                if (v.Expansions > 0)
                    throw _where.Error($"Preprocessor variable {fn} recursively references itself");
            }
            else if (v.Expansions > 100)
            {
                throw _where.Error($"Preprocessor function {fn} seems stuck in infinite recursion");
            }
            v.Expansions++;
            var res = ExpandWhole(v.Value, args);
            v.Expansions--;
            return res;
        }
        if (_functions.TryGet(fn, out var f))
        {
            var n = args.Count - 1;
            if (n < f.MinArgs || n > f.MaxArgs)
            {
                var expected = f.MinArgs == f.MaxArgs ? f.MinArgs.ToString() : $"{f.MinArgs}-{f.MaxArgs}";
                throw _where.Error($"bad number of arguments in call to {fn}, expected {expected}, got {n}");
            }
            return f.Invoke(new FunctionCall(fn, args.Skip(1).ToArray(), _where, _env));
        }
        if (_env.TryGetValue(fn, out var e))
        {
            EnvironmentUsed.Add(fn);
            return e;
        }
        return "";
    }

    /// <summary>A line 'NAME op value' (the name may itself hold macros).</summary>
    public void ParseAssignment(string s)
    {
        s = s.TrimStart(PyStr.Whitespace);
        var i = 0;
        while (true)
        {
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_' || s[i] == '-')) i++;
            if (string.CompareOrdinal(s, i, "$(", 0, 2) == 0)
                (s, i) = ExpandMacro(s, i, Array.Empty<string>());
            else
                break;
        }
        if (PyStr.IsSpace(s)) return;
        var name = s[..i];
        var j = i;
        while (j < s.Length && PyStr.IsWs(s[j])) j++;
        string op;
        if (string.CompareOrdinal(s, j, ":=", 0, 2) == 0) op = ":=";
        else if (string.CompareOrdinal(s, j, "+=", 0, 2) == 0) op = "+=";
        else if (j < s.Length && s[j] == '=') op = "=";
        else throw _where.Error("syntax error");
        j += op.Length;
        while (j < s.Length && PyStr.IsWs(s[j])) j++;
        var nl = s.IndexOf('\n', j);
        var val = nl < 0 ? s[j..] : s[j..nl]; // '.' stops at the newline

        if (!_variables.TryGetValue(name, out var v))
        {
            v = new Variable();
            _variables[name] = v;
            if (op == "+=") op = "=";
        }
        if (op == "=")
        {
            v.IsRecursive = true;
            v.Value = val;
        }
        else if (op == ":=")
        {
            v.IsRecursive = false;
            v.Value = ExpandWhole(val, Array.Empty<string>());
        }
        else
        {
            v.Value += " " + (v.IsRecursive ? val : ExpandWhole(val, Array.Empty<string>()));
        }
    }

    /// <summary>Expands macros in an identifier starting at i; returns the name, the new line and where the next token starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (string Name, string S, int End) ExpandName(string s, int i)
    {
        var j = i;
        while (true)
        {
            if (j >= s.Length) break;
            var c = s[j];
            if (c == '$' && j + 1 < s.Length && s[j + 1] == '(')
            {
                (s, j) = ExpandMacro(s, j, Array.Empty<string>());
                continue;
            }
            if (!IsNameChar(c)) break;
            j++;
        }
        var name = s[i..j];
        if (name.Trim(PyStr.Whitespace).Length == 0)
            throw _where.Error("macro expanded to blank string");
        while (j < s.Length && PyStr.IsWs(s[j])) j++;
        return (name, s, j);
    }

    internal static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$/.-");

    internal static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c == '/' || c == '.' || c == '-';

    /// <summary>Expands a quoted string starting at the quote at i; returns the new line and the index past the closing quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (string S, int End) ExpandString(string s, int i)
    {
        var quote = s[i];
        i++;
        while (true)
        {
            var j = i;
            while (j < s.Length && s[j] != '"' && s[j] != '\'' && s[j] != '\\' && !(s[j] == '$' && j + 1 < s.Length && s[j + 1] == '('))
                j++;
            if (j >= s.Length)
                throw _where.Error("unterminated string");
            var c = s[j];
            if (c == quote)
                return (s, j + 1);
            if (c == '\\')
            {
                s = s[..j] + s[(j + 1)..];
                i = j + 1;
            }
            else if (c == '$')
            {
                (s, i) = ExpandMacro(s, j, Array.Empty<string>());
            }
            else
            {
                i = j + 1;
            }
        }
    }

    private static readonly Regex EnvVarRef = new(@"\$(\w+|\{[^}]*\})", RegexOptions.CultureInvariant | RegexOptions.ECMAScript);

    /// <summary>$VAR and ${VAR} from the environment, left as they are when unset (like os.path.expandvars).</summary>
    public string ExpandEnvironment(string s)
    {
        if (!s.Contains('$')) return s;
        var sb = new StringBuilder();
        var pos = 0;
        while (true)
        {
            var m = EnvVarRef.Match(s, pos);
            if (!m.Success) break;
            var name = m.Groups[1].Value;
            if (name.StartsWith('{') && name.EndsWith('}')) name = name[1..^1];
            if (_env.TryGetValue(name, out var value))
            {
                sb.Append(s, pos, m.Index - pos).Append(value);
            }
            else
            {
                sb.Append(s, pos, m.Index + m.Length - pos);
            }
            pos = m.Index + m.Length;
        }
        sb.Append(s, pos, s.Length - pos);
        return sb.ToString();
    }
}

/// <summary>Python's str helpers the language definition leans on.</summary>
internal static class PyStr
{
    public static readonly char[] Whitespace = { ' ', '\t', '\n', '\r', '\f', '\v' };
    public static bool IsWs(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';
    public static bool IsSpace(string s) => IsSpace(s.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsSpace(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s)
            if (!char.IsWhiteSpace(c)) return false;
        return true;
    }

    /// <summary>Width of the leading whitespace after tab expansion (what expandtabs + lstrip measure).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Indent(ReadOnlySpan<char> s)
    {
        var col = 0;
        foreach (var c in s)
        {
            if (c == '\t') col += 8 - col % 8;
            else if (c is '\n' or '\r') return col; // a whitespace-only line never gets here
            else if (char.IsWhiteSpace(c)) col++;
            else return col;
        }
        return col;
    }

}

/// <summary>Python's int(s, base) for the bases Kconfig uses (0, 10, 16), including its tolerance for spaces, signs and underscores.</summary>
internal static class PyInt
{
    public static bool TryParse(string s, int @base, out long value)
    {
        value = 0;
        var t = s.Trim(PyStr.Whitespace);
        var neg = false;
        if (t.Length > 0 && (t[0] == '+' || t[0] == '-'))
        {
            neg = t[0] == '-';
            t = t[1..];
        }
        if (t.Length == 0) return false;
        var b = @base;
        if (t.Length >= 2 && t[0] == '0' && (t[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B'))
        {
            var prefixBase = t[1] is 'x' or 'X' ? 16 : t[1] is 'o' or 'O' ? 8 : 2;
            if (b == 0 || b == prefixBase)
            {
                b = prefixBase;
                t = t[2..];
                if (t.StartsWith('_')) t = t[1..];
                if (t.Length == 0) return false;
            }
        }
        if (b == 0)
        {
            b = 10;
            // Base 0 forbids leading zeros in decimal numbers other than zero itself.
            if (t.Length > 1 && t[0] == '0' && t.Any(c => c != '0' && c != '_')) return false;
        }
        long acc = 0;
        var prevUnderscore = true; // no leading underscore
        foreach (var c in t)
        {
            if (c == '_')
            {
                if (prevUnderscore) return false;
                prevUnderscore = true;
                continue;
            }
            prevUnderscore = false;
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
            if (d >= b) return false;
            acc = unchecked(acc * b + d);
        }
        if (prevUnderscore) return false;
        value = neg ? -acc : acc;
        return true;
    }

    /// <summary>Python's hex(): 0x1f, -0x1f.</summary>
    public static string Hex(long v) => v < 0 ? "-0x" + (-v).ToString("x") : "0x" + v.ToString("x");
}
