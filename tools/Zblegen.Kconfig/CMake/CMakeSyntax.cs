using System.Text;
using Zblegen.Core;

namespace Zblegen.Kconfig.CMake;

/// <summary>One argument as written: its text and whether it was quoted (quoted arguments are never split on ';').</summary>
public readonly record struct CMakeArgument(string Text, bool Quoted);

/// <summary>One command invocation with its location.</summary>
public sealed record CMakeCommand(string Name, IReadOnlyList<CMakeArgument> Arguments, string File, int Line)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>
/// Reads CMake's command-invocation syntax: name(args) spanning lines, quoted and bracket
/// arguments, line and bracket comments. Nothing is evaluated here.
/// </summary>
public static class CMakeSyntax
{
    public static IReadOnlyList<CMakeCommand> Parse(string text, string file)
    {
        var commands = new List<CMakeCommand>();
        var i = 0;
        var line = 1;
        while (true)
        {
            SkipSpaceAndComments(text, ref i, ref line, file);
            if (i >= text.Length) return commands;
            var start = i;
            if (!(char.IsAsciiLetter(text[i]) || text[i] == '_'))
                throw new ZblegenException($"{file}:{line}: expected a command name, found '{text[i]}'; this file is outside the CMake subset zblegen reads");
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
            var name = text[start..i];
            var cmdLine = line;
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            if (i >= text.Length || text[i] != '(')
                throw new ZblegenException($"{file}:{line}: expected '(' after {name}; fix the CMake syntax");
            i++;
            commands.Add(new CMakeCommand(name.ToLowerInvariant(), ParseArguments(text, ref i, ref line, file, name), file, cmdLine));
        }
    }

    private static void SkipSpaceAndComments(string text, ref int i, ref int line, string file)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n') { line++; i++; }
            else if (char.IsWhiteSpace(c)) i++;
            else if (c == '#')
            {
                if (TryBracket(text, i + 1, out var end, out var lines)) { i = end; line += lines; }
                else while (i < text.Length && text[i] != '\n') i++;
            }
            else return;
        }
    }

    /// <summary>[[...]] or [==[...]==] starting at i; returns the index after it and the newlines inside.</summary>
    private static bool TryBracket(string text, int i, out int end, out int lines)
    {
        end = i;
        lines = 0;
        if (i >= text.Length || text[i] != '[') return false;
        var j = i + 1;
        while (j < text.Length && text[j] == '=') j++;
        if (j >= text.Length || text[j] != '[') return false;
        var close = "]" + new string('=', j - i - 1) + "]";
        var k = text.IndexOf(close, j + 1, StringComparison.Ordinal);
        if (k < 0) return false;
        lines = text.AsSpan(i, k - i).Count('\n');
        end = k + close.Length;
        return true;
    }

    private static List<CMakeArgument> ParseArguments(string text, ref int i, ref int line, string file, string name)
    {
        var args = new List<CMakeArgument>();
        var depth = 0;
        while (true)
        {
            SkipSpaceAndComments(text, ref i, ref line, file);
            if (i >= text.Length)
                throw new ZblegenException($"{file}:{line}: {name}( is never closed; add the missing ')'");
            var c = text[i];
            if (c == ')')
            {
                i++;
                if (depth == 0) return args;
                depth--;
                args.Add(new CMakeArgument(")", false));
                continue;
            }
            if (c == '(')
            {
                depth++;
                i++;
                args.Add(new CMakeArgument("(", false));
                continue;
            }
            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new ZblegenException($"{file}:{line}: unterminated quoted argument; add the closing '\"'");
                    var d = text[i];
                    if (d == '"') { i++; break; }
                    if (d == '\\' && i + 1 < text.Length)
                    {
                        var e = text[i + 1];
                        if (e == '\n') { line++; i += 2; continue; }
                        sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                        i += 2;
                        continue;
                    }
                    if (d == '\n') line++;
                    sb.Append(d);
                    i++;
                }
                args.Add(new CMakeArgument(sb.ToString(), true));
                continue;
            }
            if (c == '[' && TryBracket(text, i, out var bend, out var blines))
            {
                var open = text.IndexOf('[', i + 1);
                var inner = text[(open + 1)..(bend - (open - i) - 1)];
                if (inner.StartsWith('\n')) inner = inner[1..];
                args.Add(new CMakeArgument(inner, true));
                line += blines;
                i = bend;
                continue;
            }
            var ub = new StringBuilder();
            var genex = 0;
            while (i < text.Length)
            {
                var d = text[i];
                if (d == '$' && i + 1 < text.Length && text[i + 1] == '<') { genex++; ub.Append("$<"); i += 2; continue; }
                if (genex > 0 && d == '>') { genex--; ub.Append(d); i++; continue; }
                if (genex == 0 && (char.IsWhiteSpace(d) || d == '(' || d == ')' || d == '#' || d == '"')) break;
                if (d == '\\' && i + 1 < text.Length) { ub.Append(text[i + 1]); i += 2; continue; }
                ub.Append(d);
                i++;
            }
            args.Add(new CMakeArgument(ub.ToString(), false));
        }
    }
}
