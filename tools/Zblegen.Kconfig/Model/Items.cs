namespace Zblegen.Kconfig.Model;

public enum KconfigType { Unknown, Bool, Tristate, String, Int, Hex }

/// <summary>A default: value expression and condition (dependencies already folded in).</summary>
public readonly record struct Default(Expr Value, Expr Condition);

/// <summary>A range: low and high symbols and condition.</summary>
public readonly record struct ValueRange(Symbol Low, Symbol High, Expr Condition);

/// <summary>A select or imply: target and condition.</summary>
public readonly record struct Reverse(Symbol Target, Expr Condition);

/// <summary>
/// A symbol or a choice: something with a value and a visibility.
/// The parser builds these; after <see cref="KconfigTree"/> is returned they are not changed.
/// </summary>
public abstract class Item : Expr
{
    /// <summary>Position in the tree's evaluation arrays; -1 for constants and undefined symbols.</summary>
    public int Index { get; internal set; } = -1;
    public KconfigType Type { get; internal set; }
    // Arrays, not lists: most items have one node and most symbols are only referenced, so an empty
    // array shared by all of them costs nothing, and evaluation walks arrays fastest.
    internal MenuNode[] NodeItems = [];
    public IReadOnlyList<MenuNode> Nodes => NodeItems;
    public Expr DirectDep { get; internal set; } = null!;

    public string Location => NodeItems.Length == 0 ? "(undefined)" : string.Join(", ", NodeItems.Select(n => $"{n.File}:{n.Line}"));

    /// <summary>Appends to one of the arrays above; items rarely get more than a couple of entries, so copying is cheapest.</summary>
    internal static void Append<T>(ref T[] array, T item)
    {
        var a = new T[array.Length + 1];
        array.CopyTo(a, 0);
        a[^1] = item;
        array = a;
    }

    /// <summary>Appends to a node's exactly sized property array (null when empty).</summary>
    internal static void Add<T>(ref T[]? array, T item)
    {
        if (array is null) array = [item];
        else Append(ref array, item);
    }

    /// <summary>Appends a node's properties; a symbol with none yet takes the node's array itself (the usual case: one node).</summary>
    internal static void Append<T>(ref T[] array, T[]? items)
    {
        if (items is null) return;
        if (array.Length == 0)
        {
            array = items;
            return;
        }
        var a = new T[array.Length + items.Length];
        array.CopyTo(a, 0);
        items.CopyTo(a, array.Length);
        array = a;
    }
}

public sealed class Symbol : Item
{
    public Symbol(string name, bool isConstant)
    {
        Name = name;
        IsConstant = isConstant;
    }

    public string Name { get; }
    public bool IsConstant { get; }
    /// <summary>For n, m and y: the fixed tristate value.</summary>
    public int ConstantTri { get; internal set; } = -1;
    public bool IsTristateConstant => ConstantTri >= 0;

    internal Default[] DefaultItems = [];
    internal ValueRange[] RangeItems = [];
    internal Reverse[] SelectItems = [];
    internal Reverse[] ImplyItems = [];
    /// <summary>configdefault nodes: where their defaults go in DefaultItems and the defaults; null when none (nearly always).</summary>
    internal List<(int Index, Default[] Defaults)>? ConfigDefaults;

    public IReadOnlyList<Default> Defaults => DefaultItems;
    public IReadOnlyList<ValueRange> Ranges => RangeItems;
    public IReadOnlyList<Reverse> Selects => SelectItems;
    public IReadOnlyList<Reverse> Implies => ImplyItems;
    public Expr RevDep { get; internal set; } = null!;
    public Expr WeakRevDep { get; internal set; } = null!;
    public Choice? Choice { get; internal set; }
    /// <summary>'option env=...': such symbols are never written out.</summary>
    public string? EnvVar { get; internal set; }
    /// <summary>'option defconfig_list': never written out either.</summary>
    public bool IsDefconfigList { get; internal set; }
    /// <summary>'transitional' (newer Kconfig): read from old configurations, never written out.</summary>
    public bool IsTransitional { get; internal set; }
    public bool IsDefined => NodeItems.Length > 0;

    public override string ToString() => Name;
}

public sealed class Choice : Item
{
    public string? Name { get; internal set; }
    public bool IsOptional { get; internal set; }
    internal readonly List<(Symbol Symbol, Expr Condition)> DefaultList = new();
    internal readonly List<Symbol> SymbolList = new();
    public IReadOnlyList<(Symbol Symbol, Expr Condition)> Defaults => DefaultList;
    public IReadOnlyList<Symbol> Symbols => SymbolList;

    public override string ToString() => Name ?? "<choice>";
}

public enum NodeKind { Symbol, Choice, Menu, Comment, If }

/// <summary>One place in the menu tree: a config/menuconfig/configdefault, choice, menu, comment or (during parsing) if.</summary>
public sealed class MenuNode
{
    public NodeKind Kind { get; internal set; }
    public Item? Item { get; internal set; }
    public string? Prompt { get; internal set; }
    public Expr? PromptCondition { get; internal set; }
    public Expr Dep { get; internal set; } = null!;
    /// <summary>'visible if' of a menu (y when absent).</summary>
    public Expr Visibility { get; internal set; } = null!;
    /// <summary>Line of the help block's first text line (0: none). The text itself is not kept: nothing zblegen writes shows it.</summary>
    public int HelpLine { get; internal set; }
    public bool IsMenuconfig { get; internal set; }
    public bool IsConfigDefault { get; internal set; }
    public string File { get; internal set; } = "";
    public int Line { get; internal set; }
    public MenuNode? Parent { get; internal set; }
    public MenuNode? FirstChild { get; internal set; }
    public MenuNode? Next { get; internal set; }

    // Properties as parsed, until the finalizer hands them to the symbol; null when there are none (most nodes).
    // Exactly sized arrays, not lists: the symbol adopts them, so nothing is copied or left behind.
    internal Default[]? Defaults;
    internal ValueRange[]? Ranges;
    internal Reverse[]? Selects;
    internal Reverse[]? Implies;

    public bool HasPrompt => Prompt is not null;
}
