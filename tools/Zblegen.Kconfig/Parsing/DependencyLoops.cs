using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Check(IReadOnlyList<Symbol> symbols, IReadOnlyList<Choice> choices)
    {
        // Dependents per item, indexed by Index (symbols first, then choices); each list without repeats.
        var n = symbols.Count;
        var dependents = new List<Item>?[n + choices.Count];
        var stamp = new int[n + choices.Count];
        Array.Fill(stamp, -1);
        int Id(Item i) => i is Choice ? n + i.Index : i.Index;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void DependOn(Item who, int whoId, Expr e)
        {
            switch (e)
            {
                case AndExpr a: DependOn(who, whoId, a.Left); DependOn(who, whoId, a.Right); break;
                case OrExpr o: DependOn(who, whoId, o.Left); DependOn(who, whoId, o.Right); break;
                case NotExpr x: DependOn(who, whoId, x.Operand); break;
                case RelationExpr r: DependOn(who, whoId, r.Left); DependOn(who, whoId, r.Right); break;
                case Symbol { IsConstant: true }: break;
                case Item i when i.Index >= 0:
                    var id = Id(i);
                    if (stamp[id] == whoId) break;
                    stamp[id] = whoId;
                    (dependents[id] ??= new List<Item>()).Add(who);
                    break;
            }
        }
        foreach (var s in symbols)
        {
            var id = s.Index;
            foreach (var node in s.NodeItems)
                if (node.HasPrompt) DependOn(s, id, node.PromptCondition!);
            foreach (var d in s.DefaultItems) { DependOn(s, id, d.Value); DependOn(s, id, d.Condition); }
            DependOn(s, id, s.RevDep);
            DependOn(s, id, s.WeakRevDep);
            foreach (var r in s.RangeItems) { DependOn(s, id, r.Low); DependOn(s, id, r.High); DependOn(s, id, r.Condition); }
            DependOn(s, id, s.DirectDep);
        }
        foreach (var c in choices)
        {
            var id = n + c.Index;
            foreach (var node in c.NodeItems)
                if (node.HasPrompt) DependOn(c, id, node.PromptCondition!);
            foreach (var (_, cond) in c.Defaults) DependOn(c, id, cond);
        }

        var state = new int[n + choices.Count];
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        List<Item>? VisitSym(Symbol s, bool ignoreChoice)
        {
            var st = state[s.Index];
            if (st == 2) return null;
            if (st == 1) return new List<Item> { s };
            state[s.Index] = 1;
            var ds = dependents[s.Index];
            for (var k = 0; ds is not null && k < ds.Count; k++)
            {
                var d = ds[k];
                var loop = d is Choice dc ? VisitChoice(dc, null) : VisitSym((Symbol)d, false);
                if (loop is not null) return Found(loop, s);
            }
            if (s.Choice is not null && !ignoreChoice)
            {
                var loop = VisitChoice(s.Choice, s);
                if (loop is not null) return Found(loop, s);
            }
            state[s.Index] = 2;
            return null;
        }
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        List<Item>? VisitChoice(Choice c, Symbol? skip)
        {
            var st = state[n + c.Index];
            if (st == 2) return null;
            if (st == 1) return new List<Item> { c };
            state[n + c.Index] = 1;
            foreach (var s in c.Symbols)
                if (!ReferenceEquals(s, skip))
                {
                    var loop = VisitSym(s, true);
                    if (loop is not null) return Found(loop, c);
                }
            state[n + c.Index] = 2;
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
