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
        private string _value = "";
        public bool IsRecursive;
        public int Expansions;
        /// <summary>Whether the value holds a macro; a value without one expands to itself, whatever the arguments.</summary>
        public bool HasMacro { get; private set; }

        public string Value
        {
            get => _value;
            set
            {
                _value = value;
                HasMacro = value.Contains("$(", StringComparison.Ordinal);
            }
        }
    }

    private readonly Dictionary<string, Variable> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Variable>.AlternateLookup<ReadOnlySpan<char>> _variableLookup;
    private readonly IReadOnlyDictionary<string, string> _env;
    // Environment look-ups by name, so a name seen before costs no string.
    private readonly Dictionary<string, string?> _envSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> _envLookup;
    private readonly PreprocessorFunctions _functions;
    private readonly IParseLocation _where;
    // Buffers for nested expansions (function bodies expand while their caller's line is open).
    private readonly Stack<LineBuffer> _freeBuffers = new();
    // Start and end of each argument of the macros being expanded, innermost last.
    private readonly List<int> _argBounds = new();

    public Preprocessor(IReadOnlyDictionary<string, string> env, PreprocessorFunctions functions, IParseLocation where)
    {
        _env = env;
        _functions = functions;
        _where = where;
        _variableLookup = _variables.GetAlternateLookup<ReadOnlySpan<char>>();
        _envLookup = _envSeen.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Environment variables the Kconfig files referenced (for dependency tracking).</summary>
    public SortedSet<string> EnvironmentUsed { get; } = new(StringComparer.Ordinal);

    public string ExpandWhole(string s, IReadOnlyList<string> args)
    {
        var i = s.IndexOf("$(", StringComparison.Ordinal);
        if (i < 0) return s;
        var b = _freeBuffers.Count > 0 ? _freeBuffers.Pop() : new LineBuffer();
        b.Set(s);
        while (true)
        {
            i = ExpandMacro(b, i, args);
            var next = b.Span[i..].IndexOf("$(", StringComparison.Ordinal);
            if (next < 0) break;
            i += next;
        }
        var res = b.ToString();
        _freeBuffers.Push(b);
        return res;
    }

    private static readonly System.Buffers.SearchValues<char> MacroSpecial = System.Buffers.SearchValues.Create("(),$");

    /// <summary>Expands the $(...) starting at i in place; returns the index just past the expansion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ExpandMacro(LineBuffer b, int i, IReadOnlyList<string> args)
    {
        var macroStart = i;
        i += 2;
        var argStart = i;
        var firstBound = _argBounds.Count;
        var nesting = 0;
        while (true)
        {
            var k = b.Span[i..].IndexOfAny(MacroSpecial);
            if (k < 0)
                throw _where.Error("missing end parenthesis in macro expansion");
            var j = i + k;
            var c = b[j];
            if (c == '$')
            {
                if (j + 1 < b.Length && b[j + 1] == '(') i = ExpandMacro(b, j, args);
                else i = j + 1;
            }
            else if (c == '(')
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
                _argBounds.Add(argStart);
                _argBounds.Add(j);
                var value = MacroValue(b, firstBound, args);
                _argBounds.RemoveRange(firstBound, _argBounds.Count - firstBound);
                b.Replace(macroStart, j + 1, value);
                return macroStart + value.Length;
            }
            else
            {
                i = j + 1;
                if (nesting > 0) continue;
                _argBounds.Add(argStart);
                _argBounds.Add(j);
                argStart = i;
            }
        }
    }

    private ReadOnlySpan<char> Arg(LineBuffer b, int firstBound, int n) => b.Slice(_argBounds[firstBound + 2 * n], _argBounds[firstBound + 2 * n + 1]);

    private string[] ArgStrings(LineBuffer b, int firstBound)
    {
        var a = new string[(_argBounds.Count - firstBound) / 2];
        for (var n = 0; n < a.Length; n++) a[n] = Arg(b, firstBound, n).ToString();
        return a;
    }

    private string MacroValue(LineBuffer b, int firstBound, IReadOnlyList<string> args)
    {
        // $(1) is the caller's first argument, provided that many were passed.
        if (args.Count > 0 && PyInt.TryParse(Arg(b, firstBound, 0).ToString(), 10, out var idx) && idx < args.Count && idx >= -args.Count)
            return args[(int)(idx < 0 ? args.Count + idx : idx)];
        return FunctionValue(b, firstBound);
    }

    private string FunctionValue(LineBuffer b, int firstBound)
    {
        var count = (_argBounds.Count - firstBound) / 2;
        var fn = Arg(b, firstBound, 0);
        if (_variableLookup.TryGetValue(fn, out var v))
        {
            if (count == 1)
            {
                if (v.Expansions > 0)
                    throw _where.Error($"Preprocessor variable {fn} recursively references itself");
            }
            else if (v.Expansions > 100)
            {
                throw _where.Error($"Preprocessor function {fn} seems stuck in infinite recursion");
            }
            if (!v.HasMacro) return v.Value;
            var vargs = ArgStrings(b, firstBound);
            v.Expansions++;
            var res = ExpandWhole(v.Value, vargs);
            v.Expansions--;
            return res;
        }
        if (_functions.TryGet(fn, out var f))
        {
            var n = count - 1;
            if (n < f.MinArgs || n > f.MaxArgs)
            {
                var expected = f.MinArgs == f.MaxArgs ? f.MinArgs.ToString() : $"{f.MinArgs}-{f.MaxArgs}";
                throw _where.Error($"bad number of arguments in call to {fn}, expected {expected}, got {n}");
            }
            if (f.Constant is { } constant) return constant;
            var fargs = ArgStrings(b, firstBound);
            return f.Invoke(new FunctionCall(fargs[0], fargs[1..], _where, _env));
        }
        if (!_envLookup.TryGetValue(fn, out var e))
        {
            var name = fn.ToString();
            e = _env.TryGetValue(name, out var found) ? found : null;
            _envSeen[name] = e;
            if (e is not null) EnvironmentUsed.Add(name);
        }
        return e ?? "";
    }

    /// <summary>A line 'NAME op value' (the name may itself hold macros).</summary>
    public void ParseAssignment(ReadOnlySpan<char> line)
    {
        var b = _freeBuffers.Count > 0 ? _freeBuffers.Pop() : new LineBuffer();
        b.Set(line.TrimStart(PyStr.Whitespace));
        var i = 0;
        while (true)
        {
            while (i < b.Length && (char.IsAsciiLetterOrDigit(b[i]) || b[i] == '_' || b[i] == '-')) i++;
            if (i + 1 < b.Length && b[i] == '$' && b[i + 1] == '(')
                i = ExpandMacro(b, i, Array.Empty<string>());
            else
                break;
        }
        var s = b.ToString();
        _freeBuffers.Push(b);
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

    /// <summary>Expands macros in an identifier starting at i, in place; returns where the name ends and where the next token starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int NameEnd, int Next) ExpandName(LineBuffer b, int i)
    {
        var j = i;
        while (j < b.Length)
        {
            var c = b[j];
            if (c == '$' && j + 1 < b.Length && b[j + 1] == '(')
            {
                j = ExpandMacro(b, j, Array.Empty<string>());
                continue;
            }
            if (!IsNameChar(c)) break;
            j++;
        }
        if (b.Slice(i, j).Trim(PyStr.Whitespace).Length == 0)
            throw _where.Error("macro expanded to blank string");
        var end = j;
        while (j < b.Length && PyStr.IsWs(b[j])) j++;
        return (end, j);
    }

    internal static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$/.-");

    internal static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c == '/' || c == '.' || c == '-';

    private static readonly System.Buffers.SearchValues<char> StringSpecial = System.Buffers.SearchValues.Create("\"'\\$");

    /// <summary>Expands a quoted string starting at the quote at i, in place; returns the index past the closing quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ExpandString(LineBuffer b, int i)
    {
        var quote = b[i];
        i++;
        while (true)
        {
            var k = i <= b.Length ? b.Span[i..].IndexOfAny(StringSpecial) : -1; // past the end after a trailing backslash
            if (k < 0)
                throw _where.Error("unterminated string");
            var j = i + k;
            var c = b[j];
            if (c == quote)
                return j + 1;
            if (c == '\\')
            {
                // The escaped character is skipped, so '\$(foo)' is not expanded.
                b.Replace(j, j + 1, ReadOnlySpan<char>.Empty);
                i = j + 1;
            }
            else if (c == '$')
            {
                i = j + 1 < b.Length && b[j + 1] == '(' ? ExpandMacro(b, j, Array.Empty<string>()) : j + 1;
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
