using System.Runtime.CompilerServices;
using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Parsing;

/// <summary>
/// Turns the parsed menu tree into its final form, with the language's rules: dependencies of
/// if/menu/choice flow into their children's prompts and properties, symbols that depend on the
/// symbol before them form implicit submenus, 'if' nodes disappear, choices learn their symbols
/// and types, select/imply become reverse dependencies, configdefault defaults are merged last.
/// </summary>
internal sealed class TreeFinalizer(Symbol n, Symbol y)
{
    private Expr And(Expr a, Expr b) => ExprBuild.And(a, b, n, y);
    private Expr Or(Expr a, Expr b) => ExprBuild.Or(a, b, n, y);

    /// <param name="defined">Every defined symbol (only those can have configdefault nodes), as a list so the walk costs no interface calls.</param>
    public void Finalize(MenuNode top, List<Symbol> defined)
    {
        FinalizeNode(top, y);
        foreach (var s in defined)
            FinalizeSymbol(s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FinalizeNode(MenuNode node, Expr visibleIf)
    {
        if (node.Kind == NodeKind.Symbol)
        {
            AddPropsToSymbol(node);
            var cur = node;
            while (cur.Next is not null && AutoMenuDep(node, cur.Next))
            {
                FinalizeNode(cur.Next, visibleIf);
                cur = cur.Next;
                cur.Parent = node;
            }
            if (!ReferenceEquals(cur, node))
            {
                node.FirstChild = node.Next;
                node.Next = cur.Next;
                cur.Next = null;
            }
        }
        else if (node.FirstChild is not null)
        {
            if (node.Kind == NodeKind.Menu)
                visibleIf = And(visibleIf, node.Visibility);
            PropagateDeps(node, visibleIf);
            for (var cur = node.FirstChild; cur is not null; cur = cur.Next)
                FinalizeNode(cur, visibleIf);
        }

        if (node.FirstChild is not null)
        {
            Flatten(node.FirstChild);
            RemoveIfs(node);
        }

        if (node.Item is Choice choice)
        {
            choice.DirectDep = Or(choice.DirectDep, node.Dep);
            foreach (var d in node.Defaults ?? [])
            {
                if (d.Value is not Symbol target)
                    throw new Zblegen.Core.ZblegenException($"{node.File}:{node.Line}: a choice default must name a symbol; write 'default SYMBOL [if ...]'");
                choice.DefaultList.Add((target, d.Condition));
            }
            FinalizeChoice(node, choice);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PropagateDeps(MenuNode node, Expr visibleIf)
    {
        // The choice itself is the children's base dependency: its mode bounds its symbols.
        Expr baseDep = node.Item is Choice c ? c : node.Dep;
        for (var cur = node.FirstChild; cur is not null; cur = cur.Next)
        {
            var dep = cur.Dep = And(cur.Dep, baseDep);
            if (cur.Kind is NodeKind.Symbol or NodeKind.Choice)
            {
                if (cur.HasPrompt)
                    cur.PromptCondition = And(cur.PromptCondition!, And(visibleIf, dep));
                // Each node owns its property lists, so they are updated in place.
                if (cur.Defaults is { } defaults)
                    for (var k = 0; k < defaults.Length; k++)
                        defaults[k] = defaults[k] with { Condition = And(defaults[k].Condition, dep) };
                if (cur.Ranges is { } ranges)
                    for (var k = 0; k < ranges.Length; k++)
                        ranges[k] = ranges[k] with { Condition = And(ranges[k].Condition, dep) };
                if (cur.Selects is { } selects)
                    for (var k = 0; k < selects.Length; k++)
                        selects[k] = selects[k] with { Condition = And(selects[k].Condition, dep) };
                if (cur.Implies is { } implies)
                    for (var k = 0; k < implies.Length; k++)
                        implies[k] = implies[k] with { Condition = And(implies[k].Condition, dep) };
            }
            else if (cur.HasPrompt)
            {
                cur.PromptCondition = And(cur.PromptCondition!, dep);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPropsToSymbol(MenuNode node)
    {
        var sym = (Symbol)node.Item!;
        if (node.IsConfigDefault)
        {
            // Applied once the whole tree is known, at the position they appeared.
            if (node.Defaults is not null)
                (sym.ConfigDefaults ??= new()).Add((sym.DefaultItems.Length, node.Defaults));
            return;
        }
        sym.DirectDep = Or(sym.DirectDep, node.Dep);
        Item.Append(ref sym.DefaultItems, node.Defaults);
        Item.Append(ref sym.RangeItems, node.Ranges);
        Item.Append(ref sym.SelectItems, node.Selects);
        Item.Append(ref sym.ImplyItems, node.Implies);
        if (node.Selects is not null)
            foreach (var s in node.Selects)
                s.Target.RevDep = Or(s.Target.RevDep, And(sym, s.Condition));
        if (node.Implies is not null)
            foreach (var s in node.Implies)
                s.Target.WeakRevDep = Or(s.Target.WeakRevDep, And(sym, s.Condition));
        // The symbol holds them now; the node's copies would only be more for every GC to trace.
        node.Defaults = null;
        node.Ranges = null;
        node.Selects = null;
        node.Implies = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FinalizeSymbol(Symbol sym)
    {
        if (sym.ConfigDefaults is null) return;
        var list = new List<Default>(sym.DefaultItems);
        var inserted = 0;
        foreach (var (idx, defaults) in sym.ConfigDefaults)
            foreach (var d in defaults)
            {
                list.Insert(inserted + idx, new Default(d.Value, And(sym.DirectDep, d.Condition)));
                inserted++;
            }
        sym.DefaultItems = list.ToArray();
    }

    private static bool AutoMenuDep(MenuNode node1, MenuNode node2) =>
        DependsOn(node2.HasPrompt ? node2.PromptCondition! : node2.Dep, node1.Item!);

    /// <summary>Whether expr requires sym (sym, sym=y/m, sym!=n, or an && containing one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool DependsOn(Expr expr, Item sym)
    {
        switch (expr)
        {
            case Item i:
                return ReferenceEquals(i, sym);
            case RelationExpr { Relation: Relation.Equal or Relation.Unequal } r:
                Symbol left = r.Left, right = r.Right;
                if (ReferenceEquals(right, sym)) (left, right) = (right, left);
                else if (!ReferenceEquals(left, sym)) return false;
                // Mirrors the reference's operator precedence: '!= y' counts too.
                return r.Relation == Relation.Equal && right.ConstantTri == 1
                       || right.ConstantTri == 2
                       || r.Relation == Relation.Unequal && right.ConstantTri == 0;
            case AndExpr a:
                return DependsOn(a.Left, sym) || DependsOn(a.Right, sym);
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Flatten(MenuNode? node)
    {
        // Nodes without a prompt (if blocks, promptless symbols with implicit submenus)
        // hand their children to their own level; promptless choices keep theirs.
        while (node is not null)
        {
            if (node.FirstChild is not null && !node.HasPrompt && node.Kind != NodeKind.Choice)
            {
                var last = node.FirstChild;
                while (true)
                {
                    last.Parent = node.Parent;
                    if (last.Next is null) break;
                    last = last.Next;
                }
                last.Next = node.Next;
                node.Next = node.FirstChild;
                node.FirstChild = null;
            }
            node = node.Next;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RemoveIfs(MenuNode node)
    {
        var cur = node.FirstChild;
        while (cur is not null && cur.Kind == NodeKind.If) cur = cur.Next;
        node.FirstChild = cur;
        while (cur is not null)
        {
            var next = cur.Next;
            while (next is not null && next.Kind == NodeKind.If) next = next.Next;
            cur.Next = next;
            cur = next;
        }
    }

    private static void FinalizeChoice(MenuNode node, Choice choice)
    {
        for (var cur = node.FirstChild; cur is not null; cur = cur.Next)
            if (cur.Item is Symbol s)
            {
                s.Choice = choice;
                choice.SymbolList.Add(s);
            }
        if (choice.Type == KconfigType.Unknown)
            foreach (var s in choice.SymbolList)
                if (s.Type != KconfigType.Unknown)
                {
                    choice.Type = s.Type;
                    break;
                }
        foreach (var s in choice.SymbolList)
            if (s.Type == KconfigType.Unknown)
                s.Type = choice.Type;
    }
}
