using System.Text;
using System.Text.RegularExpressions;

namespace Zblegen.Clang;

public enum DirectiveKind { If, Ifdef, Ifndef, Elif, Elifdef, Elifndef, Else, Endif, Define, Undef, Include, Other }

/// <summary>One preprocessor directive: its keyword, the tokens after it, and where it stands.</summary>
public sealed record Directive(DirectiveKind Kind, string Keyword, IReadOnlyList<Token> Body, SourcePosition Position, int EndOffset)
{
    /// <summary>The body as written, with each run of white space (and line continuations) folded to one space.</summary>
    public string BodyText => PreprocessorMap.Join(Body);

    /// <summary>For #define: the macro name.</summary>
    public string? MacroName => Kind is DirectiveKind.Define or DirectiveKind.Undef && Body.Count > 0 ? Body[0].Spelling : null;

    /// <summary>For #define: true when a '(' follows the name with no space (a function-like macro).</summary>
    public bool IsFunctionLike => Kind == DirectiveKind.Define && Body.Count > 1 && Body[1].Spelling == "(" && Body[1].Position.Offset == Body[0].End;

    /// <summary>For an object-like #define: the replacement tokens.</summary>
    public IReadOnlyList<Token> Replacement => Kind == DirectiveKind.Define && !IsFunctionLike ? Body.Skip(1).ToArray() : Array.Empty<Token>();
}

/// <summary>One branch of an #if/#elif/#else chain: the condition under which its text is compiled.</summary>
public sealed record ConditionalBranch(string Condition, int Start, int End, bool Active);

/// <summary>
/// The directives of one file and the condition that guards each place in it. libclang has no cursor
/// for #if, so this is rebuilt from the file's tokens; skipped ranges tell which branches were active.
/// </summary>
public sealed class PreprocessorMap
{
    private readonly List<(ConditionalBranch Branch, int Depth)> _branches;

    private PreprocessorMap(IReadOnlyList<Directive> directives, List<(ConditionalBranch, int)> branches)
    {
        Directives = directives;
        _branches = branches;
    }

    public IReadOnlyList<Directive> Directives { get; }

    public IReadOnlyList<ConditionalBranch> Branches => _branches.Select(b => b.Branch).ToArray();

    /// <summary>
    /// The conjunction of the branch conditions around a byte offset, outermost first, or null when the
    /// place is unconditional. A file's include guard is not a condition.
    /// </summary>
    public string? GuardAt(int offset)
    {
        var parts = GuardsAt(offset);
        return parts.Count == 0 ? null : Conditions.And(parts);
    }

    /// <summary>The branch conditions around a byte offset, outermost first (empty when unconditional).</summary>
    public IReadOnlyList<string> GuardsAt(int offset) =>
        _branches.Where(b => b.Branch.Start <= offset && offset < b.Branch.End).OrderBy(b => b.Depth).Select(b => b.Branch.Condition).ToArray();

    /// <summary>False when the offset lies in a branch the preprocessor skipped in this parse.</summary>
    public bool IsActive(int offset) => _branches.Where(b => b.Branch.Start <= offset && offset < b.Branch.End).All(b => b.Branch.Active);

    public static PreprocessorMap Build(IReadOnlyList<Token> tokens, byte[] text, IReadOnlyList<(int Start, int End)> skipped)
    {
        // libclang hands back some comments as tokens (e.g. after an #include); they are not part of any directive.
        var directives = ReadDirectives(tokens.Where(t => t.Kind != Interop.CXTokenKind.Comment).ToArray(), text);
        var branches = new List<(ConditionalBranch, int)>();
        var guard = IncludeGuard(directives);
        // Each frame: the tests of the branches seen so far, the current branch's whole condition, where it began.
        var stack = new Stack<(List<string> Previous, string Current, int Start, bool Ignored)>();
        foreach (var d in directives)
        {
            switch (d.Kind)
            {
                case DirectiveKind.If or DirectiveKind.Ifdef or DirectiveKind.Ifndef:
                    stack.Push((new List<string> { Test(d) }, Test(d), d.EndOffset, ReferenceEquals(d, guard)));
                    break;
                case DirectiveKind.Elif or DirectiveKind.Elifdef or DirectiveKind.Elifndef or DirectiveKind.Else:
                    {
                        if (stack.Count == 0)
                            throw new FormatException($"{d.Position}: #{d.Keyword} without #if");
                        var f = stack.Pop();
                        Close(f, d.Position.Offset, stack.Count);
                        var negated = f.Previous.Select(Conditions.Not).ToArray();
                        var current = d.Kind == DirectiveKind.Else ? Conditions.And(negated) : Conditions.And(negated.Append(Test(d)));
                        if (d.Kind != DirectiveKind.Else)
                            f.Previous.Add(Test(d));
                        stack.Push((f.Previous, current, d.EndOffset, f.Ignored));
                        break;
                    }
                case DirectiveKind.Endif:
                    {
                        if (stack.Count == 0)
                            throw new FormatException($"{d.Position}: #endif without #if");
                        var f = stack.Pop();
                        Close(f, d.Position.Offset, stack.Count);
                        break;
                    }
            }
        }
        if (stack.Count > 0)
            throw new FormatException($"{directives.Last().Position.File}: {stack.Count} #if left open at the end of the file");
        return new PreprocessorMap(directives, branches);

        void Close((List<string> Previous, string Current, int Start, bool Ignored) f, int end, int depth)
        {
            if (f.Ignored)
                return;
            // libclang reports a skipped branch as one range from its opening directive through the closing one.
            var active = !skipped.Any(s => s.Start <= f.Start && end <= s.End);
            branches.Add((new ConditionalBranch(f.Current, f.Start, end, active), depth));
        }
    }

    private static string Test(Directive d) => d.Kind switch
    {
        DirectiveKind.Ifdef or DirectiveKind.Elifdef => $"defined({d.BodyText})",
        DirectiveKind.Ifndef or DirectiveKind.Elifndef => $"!defined({d.BodyText})",
        _ => d.BodyText,
    };

    /// <summary>The #ifndef X / #define X ... #endif that wraps a whole header, if there is one.</summary>
    private static Directive? IncludeGuard(IReadOnlyList<Directive> ds)
    {
        if (ds.Count < 3 || ds[0].Kind != DirectiveKind.Ifndef || ds[1].Kind != DirectiveKind.Define || ds[1].MacroName != ds[0].BodyText || ds[^1].Kind != DirectiveKind.Endif)
            return null;
        var depth = 0;
        for (var i = 0; i < ds.Count; i++)
        {
            depth += ds[i].Kind switch { DirectiveKind.If or DirectiveKind.Ifdef or DirectiveKind.Ifndef => 1, DirectiveKind.Endif => -1, _ => 0 };
            if (depth == 0)
                return i == ds.Count - 1 ? ds[0] : null;
        }
        return null;
    }

    private static IReadOnlyList<Directive> ReadDirectives(IReadOnlyList<Token> tokens, byte[] text)
    {
        var result = new List<Directive>();
        var lineEnd = -1; // end offset of the directive being read, or of the last line seen
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Spelling != "#" || t.Position.Offset < lineEnd || !StartsLine(text, t.Position.Offset))
                continue;
            var end = DirectiveEnd(text, t.Position.Offset);
            lineEnd = end;
            var j = i + 1;
            var body = new List<Token>();
            string keyword = "";
            if (j < tokens.Count && tokens[j].Position.Offset < end)
                keyword = tokens[j++].Spelling;
            while (j < tokens.Count && tokens[j].Position.Offset < end)
                body.Add(tokens[j++]);
            result.Add(new Directive(KindOf(keyword), keyword, body, t.Position, end));
            i = j - 1;
        }
        return result;
    }

    private static DirectiveKind KindOf(string keyword) => keyword switch
    {
        "if" => DirectiveKind.If,
        "ifdef" => DirectiveKind.Ifdef,
        "ifndef" => DirectiveKind.Ifndef,
        "elif" => DirectiveKind.Elif,
        "elifdef" => DirectiveKind.Elifdef,
        "elifndef" => DirectiveKind.Elifndef,
        "else" => DirectiveKind.Else,
        "endif" => DirectiveKind.Endif,
        "define" => DirectiveKind.Define,
        "undef" => DirectiveKind.Undef,
        "include" => DirectiveKind.Include,
        _ => DirectiveKind.Other,
    };

    private static bool StartsLine(byte[] text, int offset)
    {
        for (var k = offset - 1; k >= 0; k--)
        {
            if (text[k] == '\n')
                return true;
            if (text[k] != ' ' && text[k] != '\t')
                return false;
        }
        return true;
    }

    /// <summary>The offset of the newline that ends a directive: line continuations and block comments extend it.</summary>
    private static int DirectiveEnd(byte[] text, int offset)
    {
        for (var k = offset; k < text.Length; k++)
        {
            if (text[k] == '/' && k + 1 < text.Length && text[k + 1] == '*')
            {
                var close = IndexOf(text, "*/"u8, k + 2);
                k = close < 0 ? text.Length : close + 1;
            }
            else if (text[k] == '/' && k + 1 < text.Length && text[k + 1] == '/')
            {
                while (k < text.Length && text[k] != '\n') k++;
                return k;
            }
            else if (text[k] == '\n' && !(k > 0 && text[k - 1] == '\\') && !(k > 1 && text[k - 1] == '\r' && text[k - 2] == '\\'))
            {
                return k;
            }
        }
        return text.Length;
    }

    private static int IndexOf(byte[] text, ReadOnlySpan<byte> what, int from)
    {
        var i = text.AsSpan(from).IndexOf(what);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>Tokens as written: one space wherever the source had white space between two tokens.</summary>
    public static string Join(IReadOnlyList<Token> tokens)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0 && tokens[i].Position.Offset > tokens[i - 1].End)
                sb.Append(' ');
            sb.Append(tokens[i].Spelling);
        }
        return sb.ToString();
    }
}

/// <summary>Small algebra on condition texts, so guards read like what a person would write.</summary>
public static class Conditions
{
    private static readonly Regex Atom = new(@"^!?(\w+|defined\s*\(\s*\w+\s*\)|defined\s+\w+|\w+\([^()]*\))$", RegexOptions.CultureInvariant);

    public static bool IsAtomic(string c) => Atom.IsMatch(c) || IsWrapped(c);

    public static string Not(string c)
    {
        if (c.StartsWith('!') && IsAtomic(c) && !c.StartsWith("!("))
            return c[1..];
        if (c.StartsWith("!(") && IsWrapped(c[1..]))
            return c[2..^1];
        return IsAtomic(c) ? "!" + c : $"!({c})";
    }

    public static string And(IEnumerable<string> parts)
    {
        var list = parts.Select(p => p.Contains("||") || p.Contains('?') ? (IsWrapped(p) ? p : $"({p})") : p).ToArray();
        return string.Join(" && ", list);
    }

    /// <summary>True when the whole text is one parenthesised group.</summary>
    private static bool IsWrapped(string c)
    {
        if (c.Length < 2 || c[0] != '(' || c[^1] != ')')
            return false;
        var depth = 0;
        for (var i = 0; i < c.Length; i++)
        {
            depth += c[i] == '(' ? 1 : c[i] == ')' ? -1 : 0;
            if (depth == 0 && i < c.Length - 1)
                return false;
        }
        return true;
    }
}
