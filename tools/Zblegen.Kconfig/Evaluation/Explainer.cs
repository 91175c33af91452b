using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Evaluation;

/// <summary>
/// Says why a requested value did not take, following the dependency chain a few levels down:
/// "CONFIG_BT_SMP=y requested, but it depends on BT_CONN, which is n because ...".
/// </summary>
public sealed class Explainer(Evaluation ev)
{
    private const int MaxDepth = 4;

    /// <summary>Null when the assignment took effect; otherwise one line with file:line.</summary>
    public string? Explain(Assignment a)
    {
        var sym = ev.Tree.Find(a.Name);
        if (sym is null || !sym.IsDefined) return null;
        var requested = a.IsUnset ? "n" : a.Value;
        var head = a.IsUnset ? $"{a.Where}: CONFIG_{a.Name}=n requested" : $"{a.Where}: CONFIG_{a.Name}={a.Value} requested";
        if (sym.Type is KconfigType.Bool or KconfigType.Tristate)
        {
            var want = requested.Length > 0 ? requested[0] switch { 'y' => 2, 'm' => 1, _ => 0 } : 0;
            var got = ev.Tri(sym);
            if (got == want) return null;
            return $"{head}, but it is {Tri(got)}: {(got < want ? WhyLow(sym, want, 0) : WhyHigh(sym, want))}";
        }
        if (a.IsUnset) return null;
        var value = sym.Type == KconfigType.String && requested.Length >= 2 && requested[0] == '"' ? Unquote(requested) : requested;
        var actual = ev.Str(sym);
        if (actual == value) return null;
        if (ev.Visibility(sym) == 0)
            return $"{head}, but it is \"{actual}\": {WhyInvisible(sym, 0)}";
        var range = sym.Ranges.FirstOrDefault(r => ev.Eval(r.Condition) != 0);
        if (range.Low is not null)
            return $"{head}, but it is {actual}: {value} is outside its active range [{ev.Str(range.Low)}, {ev.Str(range.High)}]";
        return $"{head}, but it is \"{actual}\"";
    }

    private static string Unquote(string s) => s[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\");

    private static string Tri(int v) => v switch { 0 => "n", 1 => "m", _ => "y" };

    private string WhyLow(Symbol sym, int want, int depth)
    {
        if (sym.Choice is { } choice && want == 2)
        {
            var mode = ev.ChoiceTri(choice);
            if (mode != 2) return $"its choice is in mode {Tri(mode)}";
            var sel = ev.Selection(choice);
            if (sel is not null && !ReferenceEquals(sel, sym) && ev.Visibility(sym) != 0)
                return $"its choice selected {sel.Name} instead (a later assignment in the fragments wins)";
        }
        if (ev.Visibility(sym) < want)
            return WhyInvisible(sym, depth);
        return "its visibility allows it, but another assignment or default lowered it";
    }

    private string WhyInvisible(Symbol sym, int depth)
    {
        var prompts = sym.Nodes.Where(n => n.HasPrompt).ToList();
        if (prompts.Count == 0)
        {
            var could = ExprText.Split<OrExpr>(sym.RevDep)
                .Select(t => ExprText.Split<AndExpr>(t).OfType<Symbol>().FirstOrDefault())
                .OfType<Symbol>().Select(s => s.Name).Distinct().ToList();
            var hint = could.Count == 0 ? "" : $"; enable one of the symbols that select it: {string.Join(", ", could.Take(6))}{(could.Count > 6 ? ", ..." : "")}";
            return "it has no prompt, so a fragment cannot set it; it follows its defaults and the symbols that select it" + Selectors(sym) + hint;
        }
        // The first failing link of the prompt conditions; following one chain reads better than all.
        var failing = prompts
            .SelectMany(n => ExprText.Split<AndExpr>(n.PromptCondition!))
            .Where(e => ev.Eval(e) == 0)
            .Distinct()
            .Take(1)
            .Select(e => Describe(e, depth))
            .ToList();
        var deps = ReferenceEquals(sym.DirectDep, ev.Tree.Y) ? "" : $"it depends on {ExprText.Render(sym.DirectDep)}, and ";
        return failing.Count == 0 ? $"{deps}its prompt is not visible" : deps + string.Join("; ", failing);
    }

    private string Describe(Expr e, int depth)
    {
        switch (e)
        {
            case Symbol s when s.IsDefined && !s.IsConstant:
                var v = ev.Str(s);
                if (depth + 1 >= MaxDepth || s.Type is not (KconfigType.Bool or KconfigType.Tristate))
                    return $"{s.Name} is {v}";
                return $"{s.Name}, which is {v} because {WhyLow(s, 2, depth + 1)}";
            case Symbol s when !s.IsDefined:
                return $"{s.Name} is not defined anywhere in this tree (so n)";
            case Choice c:
                return $"the choice {(c.Name ?? "")} is in mode {Tri(ev.ChoiceTri(c))}".Replace("  ", " ");
            case NotExpr { Operand: Symbol s }:
                return $"{s.Name} is {ev.Str(s)}" + Selectors(s);
            default:
                return $"'{ExprText.Render(e)}' is n";
        }
    }

    private string Selectors(Symbol s)
    {
        var active = ExprText.Split<OrExpr>(s.RevDep).Where(e => ev.Eval(e) != 0).Select(ExprText.Render).ToList();
        return active.Count == 0 ? "" : $" (selected by {string.Join(", ", active)})";
    }

    private string WhyHigh(Symbol sym, int want)
    {
        var selectors = ExprText.Split<OrExpr>(sym.RevDep).Where(e => ev.Eval(e) > want).Select(ExprText.Render).ToList();
        if (selectors.Count > 0)
            return $"it is selected by {string.Join(", ", selectors)}";
        if (ev.Visibility(sym) == 0)
            return "it has no visible prompt, so its default decides" + (sym.Choice is not null ? " (or its choice picked it)" : "");
        if (sym.Choice is not null)
            return $"it is the selection of its choice (choose another symbol of the choice with =y instead)";
        var implied = ExprText.Split<OrExpr>(sym.WeakRevDep).Where(e => ev.Eval(e) > want).Select(ExprText.Render).ToList();
        return implied.Count > 0 ? $"it is implied by {string.Join(", ", implied)}" : "a default or select raised it";
    }
}
