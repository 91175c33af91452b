using System.Buffers;
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
        // Items by id: symbols first (id = Index), then choices (id = n + Index). The dependents of
        // each item are collected as edges, then laid out in one array (offsets per item), in the
        // order they were found; each item's dependents without repeats.
        var n = symbols.Count;
        var total = n + choices.Count;
        // Scratch arrays of some 60,000 entries: large-object-heap size, so they are pooled
        // rather than allocated (and zeroed, and counted towards a full GC) on every load.
        var pool = ArrayPool<int>.Shared;
        var stamp = pool.Rent(total);
        var first = pool.Rent(total + 1);
        var state = pool.Rent(total);
        var edges = pool.Rent(8 * total); // pairs (from, to)
        var edgeCount = 0;
        try
        {
            stamp.AsSpan(0, total).Fill(-1);
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            void DependOn(int whoId, Expr e)
            {
                switch (e)
                {
                    case AndExpr a: DependOn(whoId, a.Left); DependOn(whoId, a.Right); break;
                    case OrExpr o: DependOn(whoId, o.Left); DependOn(whoId, o.Right); break;
                    case NotExpr x: DependOn(whoId, x.Operand); break;
                    case RelationExpr r: DependOn(whoId, r.Left); DependOn(whoId, r.Right); break;
                    case Symbol { IsConstant: true }: break;
                    case Item i when i.Index >= 0:
                        var id = i is Choice ? n + i.Index : i.Index;
                        if (stamp[id] == whoId) break;
                        stamp[id] = whoId;
                        if (2 * edgeCount + 2 > edges.Length)
                        {
                            var grown = pool.Rent(2 * edges.Length);
                            edges.AsSpan(0, 2 * edgeCount).CopyTo(grown);
                            pool.Return(edges);
                            edges = grown;
                        }
                        edges[2 * edgeCount] = id;
                        edges[2 * edgeCount + 1] = whoId;
                        edgeCount++;
                        break;
                }
            }
            for (var id = 0; id < n; id++)
            {
                var s = symbols[id];
                foreach (var node in s.NodeItems)
                    if (node.HasPrompt) DependOn(id, node.PromptCondition!);
                foreach (var d in s.DefaultItems) { DependOn(id, d.Value); DependOn(id, d.Condition); }
                DependOn(id, s.RevDep);
                DependOn(id, s.WeakRevDep);
                foreach (var r in s.RangeItems) { DependOn(id, r.Low); DependOn(id, r.High); DependOn(id, r.Condition); }
                DependOn(id, s.DirectDep);
            }
            foreach (var c in choices)
            {
                var id = n + c.Index;
                foreach (var node in c.NodeItems)
                    if (node.HasPrompt) DependOn(id, node.PromptCondition!);
                foreach (var (_, cond) in c.DefaultList) DependOn(id, cond);
            }
            first.AsSpan(0, total + 1).Clear();
            for (var k = 0; k < edgeCount; k++) first[edges[2 * k] + 1]++;
            for (var k = 0; k < total; k++) first[k + 1] += first[k];
            var dependents = pool.Rent(Math.Max(edgeCount, 1));
            try
            {
                // stamp is done with: it becomes the fill pointer per item.
                var fill = stamp;
                first.AsSpan(0, total).CopyTo(fill);
                for (var k = 0; k < edgeCount; k++) dependents[fill[edges[2 * k]]++] = edges[2 * k + 1];
                state.AsSpan(0, total).Clear();
                Search(symbols, choices, first, dependents, state);
            }
            finally
            {
                pool.Return(dependents);
            }
        }
        finally
        {
            pool.Return(stamp);
            pool.Return(first);
            pool.Return(state);
            pool.Return(edges);
        }
    }

    /// <summary>The depth-first search for a cycle; throws on the first one found.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Search(IReadOnlyList<Symbol> symbols, IReadOnlyList<Choice> choices, int[] first, int[] dependents, int[] state)
    {
        var n = symbols.Count;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        List<Item>? VisitSym(int id, bool ignoreChoice)
        {
            var st = state[id];
            if (st == 2) return null;
            if (st == 1) return new List<Item> { symbols[id] };
            state[id] = 1;
            for (var k = first[id]; k < first[id + 1]; k++)
            {
                var d = dependents[k];
                var loop = d >= n ? VisitChoice(d - n, -1) : VisitSym(d, false);
                if (loop is not null) return Found(loop, symbols[id]);
            }
            if (symbols[id].Choice is { } choice && !ignoreChoice)
            {
                var loop = VisitChoice(choice.Index, id);
                if (loop is not null) return Found(loop, symbols[id]);
            }
            state[id] = 2;
            return null;
        }
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        List<Item>? VisitChoice(int index, int skip)
        {
            var st = state[n + index];
            if (st == 2) return null;
            var c = choices[index];
            if (st == 1) return new List<Item> { c };
            state[n + index] = 1;
            foreach (var s in c.SymbolList)
                if (s.Index != skip)
                {
                    var loop = VisitSym(s.Index, true);
                    if (loop is not null) return Found(loop, c);
                }
            state[n + index] = 2;
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
            var node = loop[0].Nodes.FirstOrDefault();
            var where = node is null ? "" : $"{node.File}:{node.Line}: ";
            throw new ZblegenException($"{where}dependency loop: {string.Join(" <- ", names)}; break the cycle (a select, imply or depends on that leads back to the symbol)");
        }
        for (var id = 0; id < n; id++)
            VisitSym(id, false);
    }

    private static string Describe(Item i) => i switch
    {
        Symbol s => s.Name,
        Choice c => c.Name is null ? "<choice>" : $"<choice {c.Name}>",
        _ => "?",
    };
}
