using Zblegen.Core;
using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// Rejects trees where a value depends on itself (select cycles, depends-on cycles), as the
/// reference does: a depth-first search over "who is affected by whom", where entering a choice
/// through one of its symbols visits the choice's other symbols.
/// </summary>
internal static class DependencyLoops
{
    public static void Check(IReadOnlyList<Symbol> symbols, IReadOnlyList<Choice> choices)
    {
        var dependents = new Dictionary<Item, HashSet<Item>>(ReferenceEqualityComparer.Instance);
        void DependOn(Item who, Expr e)
        {
            switch (e)
            {
                case AndExpr a: DependOn(who, a.Left); DependOn(who, a.Right); break;
                case OrExpr o: DependOn(who, o.Left); DependOn(who, o.Right); break;
                case NotExpr n: DependOn(who, n.Operand); break;
                case RelationExpr r: DependOn(who, r.Left); DependOn(who, r.Right); break;
                case Symbol { IsConstant: true }: break;
                case Item i:
                    if (!dependents.TryGetValue(i, out var set)) dependents[i] = set = new HashSet<Item>(ReferenceEqualityComparer.Instance);
                    set.Add(who);
                    break;
            }
        }
        foreach (var s in symbols)
        {
            foreach (var node in s.Nodes)
                if (node.PromptCondition is not null && node.HasPrompt) DependOn(s, node.PromptCondition);
            foreach (var d in s.Defaults) { DependOn(s, d.Value); DependOn(s, d.Condition); }
            DependOn(s, s.RevDep);
            DependOn(s, s.WeakRevDep);
            foreach (var r in s.Ranges) { DependOn(s, r.Low); DependOn(s, r.High); DependOn(s, r.Condition); }
            DependOn(s, s.DirectDep);
        }
        foreach (var c in choices)
        {
            foreach (var node in c.Nodes)
                if (node.HasPrompt) DependOn(c, node.PromptCondition!);
            foreach (var (_, cond) in c.Defaults) DependOn(c, cond);
        }

        var state = new Dictionary<Item, int>(ReferenceEqualityComparer.Instance);
        List<Item>? VisitSym(Symbol s, bool ignoreChoice)
        {
            var st = state.GetValueOrDefault(s);
            if (st == 2) return null;
            if (st == 1) return new List<Item> { s };
            state[s] = 1;
            foreach (var d in dependents.GetValueOrDefault(s) ?? (IEnumerable<Item>)Array.Empty<Item>())
            {
                var loop = d is Choice dc ? VisitChoice(dc, null) : VisitSym((Symbol)d, false);
                if (loop is not null) return Found(loop, s);
            }
            if (s.Choice is not null && !ignoreChoice)
            {
                var loop = VisitChoice(s.Choice, s);
                if (loop is not null) return Found(loop, s);
            }
            state[s] = 2;
            return null;
        }
        List<Item>? VisitChoice(Choice c, Symbol? skip)
        {
            var st = state.GetValueOrDefault(c);
            if (st == 2) return null;
            if (st == 1) return new List<Item> { c };
            state[c] = 1;
            foreach (var s in c.Symbols)
                if (!ReferenceEquals(s, skip))
                {
                    var loop = VisitSym(s, true);
                    if (loop is not null) return Found(loop, c);
                }
            state[c] = 2;
            return null;
        }
        List<Item>? Found(List<Item> loop, Item cur)
        {
            if (!ReferenceEquals(cur, loop[0]))
            {
                loop.Add(cur);
                return loop;
            }
            // loop holds the cycle in "is depended on by" order; say it as "depends on".
            var names = loop.Select(Describe).ToList();
            names.Add(Describe(loop[0]));
            var first = loop[0].Nodes.FirstOrDefault();
            var where = first is null ? "" : $"{first.File}:{first.Line}: ";
            throw new ZblegenException($"{where}dependency loop: {string.Join(" <- ", names)}; break the cycle (a select, imply or depends on that leads back to the symbol)");
        }
        foreach (var s in symbols)
            VisitSym(s, false);
    }

    private static string Describe(Item i) => i switch
    {
        Symbol s => s.Name,
        Choice c => c.Name is null ? "<choice>" : $"<choice {c.Name}>",
        _ => "?",
    };
}
