using System.Runtime.CompilerServices;
using System.Text;
using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Output;

/// <summary>The two files a Kconfig run produces, in the exact format Zephyr's build writes them.</summary>
public static class ConfigWriters
{
    /// <summary>autoconf.h: one #define per written symbol that is not n, in definition order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Autoconf(Evaluation.Evaluation ev)
    {
        var sb = new StringBuilder();
        foreach (var s in ev.Tree.Symbols)
        {
            var val = ev.Str(s);
            if (!ev.IsWritten(s)) continue;
            switch (s.Type)
            {
                case KconfigType.Bool or KconfigType.Tristate:
                    if (val == "y") sb.Append("#define CONFIG_").Append(s.Name).Append(" 1\n");
                    else if (val == "m") sb.Append("#define CONFIG_").Append(s.Name).Append("_MODULE 1\n");
                    break;
                case KconfigType.String:
                    sb.Append("#define CONFIG_").Append(s.Name).Append(" \"").Append(Escape(val)).Append("\"\n");
                    break;
                default:
                    if (s.Type == KconfigType.Hex && !val.StartsWith("0x", StringComparison.Ordinal) && !val.StartsWith("0X", StringComparison.Ordinal))
                        val = "0x" + val;
                    sb.Append("#define CONFIG_").Append(s.Name).Append(' ').Append(val).Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The line a symbol gets in .config, or "" when it is not written.</summary>
    public static string ConfigLine(Evaluation.Evaluation ev, Symbol s)
    {
        var sb = new StringBuilder();
        AppendConfigLine(sb, ev, s);
        return sb.ToString();
    }

    /// <summary>Appends the symbol's .config line; false when it is not written.</summary>
    private static bool AppendConfigLine(StringBuilder sb, Evaluation.Evaluation ev, Symbol s)
    {
        var val = ev.Str(s);
        if (!ev.IsWritten(s)) return false;
        switch (s.Type)
        {
            case KconfigType.Bool or KconfigType.Tristate:
                if (val != "n") sb.Append("CONFIG_").Append(s.Name).Append('=').Append(val).Append('\n');
                else sb.Append("# CONFIG_").Append(s.Name).Append(" is not set\n");
                break;
            case KconfigType.Int or KconfigType.Hex:
                sb.Append("CONFIG_").Append(s.Name).Append('=').Append(val).Append('\n');
                break;
            default:
                sb.Append("CONFIG_").Append(s.Name).Append("=\"").Append(Escape(val)).Append("\"\n");
                break;
        }
        return true;
    }

    /// <summary>.config: symbols in menu order, with menu and comment headings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string DotConfig(Evaluation.Evaluation ev)
    {
        var sb = new StringBuilder();
        var visited = new bool[ev.Tree.Symbols.Count];
        var afterEnd = false;
        var top = ev.Tree.Top;
        var node = top;
        while (true)
        {
            if (node.FirstChild is not null)
            {
                node = node.FirstChild;
            }
            else if (node.Next is not null)
            {
                node = node.Next;
            }
            else
            {
                var found = false;
                while (node.Parent is not null)
                {
                    node = node.Parent;
                    if (node.Kind == NodeKind.Menu && ev.Eval(node.Dep) != 0 && ev.Eval(node.Visibility) != 0 && !ReferenceEquals(node, top))
                    {
                        sb.Append("# end of ").Append(node.Prompt).Append('\n');
                        afterEnd = true;
                    }
                    if (node.Next is not null)
                    {
                        node = node.Next;
                        found = true;
                        break;
                    }
                }
                if (!found) return sb.ToString();
            }

            if (node.Item is Symbol sym)
            {
                if (visited[sym.Index]) continue;
                visited[sym.Index] = true;
                // A blank line separates an '# end of' from the next symbol, so it goes in before the symbol's line.
                var mark = sb.Length;
                if (afterEnd) sb.Append('\n');
                if (!AppendConfigLine(sb, ev, sym))
                {
                    sb.Length = mark;
                    continue;
                }
                afterEnd = false;
            }
            else if (ev.Eval(node.Dep) != 0 && (node.Kind == NodeKind.Menu && ev.Eval(node.Visibility) != 0 || node.Kind == NodeKind.Comment))
            {
                sb.Append("\n#\n# ").Append(node.Prompt).Append("\n#\n");
                afterEnd = false;
            }
        }
    }

    /// <summary>Backslash before backslashes and double quotes.</summary>
    public static string Escape(string s) => s.AsSpan().IndexOfAny('\\', '"') < 0 ? s : s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
