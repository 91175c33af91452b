using System.Runtime.CompilerServices;
using Zblegen.Kconfig.Model;
using Zblegen.Kconfig.Parsing;

namespace Zblegen.Kconfig.Evaluation;

/// <summary>
/// User values for one tree and the values that follow from them, with Kconfig's semantics:
/// visibility bounds user values, selects force a floor, implies a weak one, choices pick one
/// visible symbol, int/hex values are clamped to active ranges. Values are computed on demand and
/// cached; setting a user value clears the cache.
/// </summary>
public sealed class Evaluation
{
    private readonly KconfigTree _tree;
    private readonly int?[] _userTri;
    private readonly string?[] _userStr;
    private readonly int?[] _choiceMode;
    private readonly Symbol?[] _choiceSelection;

    private readonly sbyte[] _tri;
    private readonly string?[] _str;
    private readonly sbyte[] _vis;
    private readonly bool[] _write;
    private readonly sbyte[] _choiceTri;
    private readonly sbyte[] _choiceVis;
    private readonly Symbol?[] _selection;
    private readonly bool[] _selectionKnown;

    public Evaluation(KconfigTree tree)
    {
        _tree = tree;
        var s = tree.Symbols.Count;
        var c = tree.Choices.Count;
        _userTri = new int?[s];
        _userStr = new string?[s];
        _choiceMode = new int?[c];
        _choiceSelection = new Symbol?[c];
        _tri = new sbyte[s];
        _str = new string?[s];
        _vis = new sbyte[s];
        _write = new bool[s];
        _choiceTri = new sbyte[c];
        _choiceVis = new sbyte[c];
        _selection = new Symbol?[c];
        _selectionKnown = new bool[c];
        Invalidate();
    }

    public KconfigTree Tree => _tree;

    private void Invalidate()
    {
        Array.Fill(_tri, (sbyte)-1);
        Array.Fill(_vis, (sbyte)-1);
        Array.Clear(_str);
        Array.Fill(_choiceTri, (sbyte)-1);
        Array.Fill(_choiceVis, (sbyte)-1);
        Array.Clear(_selectionKnown);
    }

    // ---- user values ----------------------------------------------------------------

    public int? UserTri(Symbol s) => s.Index >= 0 ? _userTri[s.Index] : null;
    public string? UserString(Symbol s) => s.Index >= 0 ? _userStr[s.Index] : null;
    public int? UserMode(Choice c) => _choiceMode[c.Index];
    public Symbol? UserSelection(Choice c) => _choiceSelection[c.Index];

    /// <summary>
    /// Sets a user value as a .config line would ("y"/"m"/"n" for bool and tristate, text otherwise).
    /// Returns false (and changes nothing) when the text is not a valid value of the symbol's type.
    /// </summary>
    public bool SetUserValue(Symbol s, string value)
    {
        if (s.Index < 0) return false;
        if (s.Type is KconfigType.Bool or KconfigType.Tristate)
        {
            int tri = value switch { "n" => 0, "m" => 1, "y" => 2, _ => -1 };
            if (tri < 0 || s.Type == KconfigType.Bool && tri == 1) return false;
            _userTri[s.Index] = tri;
            if (s.Choice is not null && tri == 2)
                _choiceSelection[s.Choice.Index] = s;
        }
        else
        {
            var ok = s.Type switch
            {
                KconfigType.String => true,
                KconfigType.Int => PyInt.TryParse(value, 10, out _),
                KconfigType.Hex => PyInt.TryParse(value, 16, out var h) && h >= 0,
                _ => false,
            };
            if (!ok) return false;
            _userStr[s.Index] = value;
        }
        Invalidate();
        return true;
    }

    /// <summary>Sets a choice's mode (y or m); n only matters for optional choices.</summary>
    public bool SetChoiceMode(Choice c, string value)
    {
        int tri = value switch { "n" => 0, "m" => 1, "y" => 2, _ => -1 };
        if (tri < 0 || c.Type == KconfigType.Bool && tri == 1 || c.Type is not (KconfigType.Bool or KconfigType.Tristate)) return false;
        _choiceMode[c.Index] = tri;
        Invalidate();
        return true;
    }

    // ---- values ---------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Eval(Expr e)
    {
        switch (e)
        {
            case Symbol s:
                return Tri(s);
            case AndExpr a:
                {
                    var l = Eval(a.Left);
                    return l == 0 ? 0 : Math.Min(l, Eval(a.Right));
                }
            case OrExpr o:
                {
                    var l = Eval(o.Left);
                    return l == 2 ? 2 : Math.Max(l, Eval(o.Right));
                }
            case NotExpr n:
                return 2 - Eval(n.Operand);
            case Choice c:
                return ChoiceTri(c);
            case RelationExpr r:
                return Compare(r) ? 2 : 0;
            default:
                throw new InvalidOperationException(e.GetType().Name);
        }
    }

    private bool Compare(RelationExpr r)
    {
        int comp;
        if (r.Left.Type == KconfigType.String && r.Right.Type == KconfigType.String)
            comp = Math.Sign(string.CompareOrdinal(Str(r.Left), Str(r.Right)));
        else if (TryNum(r.Left, out var a) && TryNum(r.Right, out var b))
            comp = a.CompareTo(b);
        else
            comp = Math.Sign(string.CompareOrdinal(Str(r.Left), Str(r.Right)));
        return r.Relation switch
        {
            Relation.Equal => comp == 0,
            Relation.Unequal => comp != 0,
            Relation.Less => comp < 0,
            Relation.LessEqual => comp <= 0,
            Relation.Greater => comp > 0,
            _ => comp >= 0,
        };
    }

    private bool TryNum(Symbol s, out long v)
    {
        if (s.Type is KconfigType.Bool or KconfigType.Tristate)
        {
            v = Tri(s);
            return true;
        }
        var b = s.Type == KconfigType.Hex ? 16 : s.Type == KconfigType.Int ? 10 : 0;
        return PyInt.TryParse(Str(s), b, out v);
    }

    /// <summary>The type in effect: tristate acts as bool when modules are off or in a y-mode choice.</summary>
    public KconfigType EffectiveType(Item item)
    {
        if (item.Type != KconfigType.Tristate) return item.Type;
        if (item is Symbol { Choice: { } c } && ChoiceTri(c) == 2) return KconfigType.Bool;
        return Tri(_tree.Modules) == 0 ? KconfigType.Bool : KconfigType.Tristate;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Tri(Symbol s)
    {
        if (s.ConstantTri >= 0) return s.ConstantTri;
        if (s.Index < 0 || s.Type is not (KconfigType.Bool or KconfigType.Tristate)) return 0;
        var cached = _tri[s.Index];
        if (cached >= 0) return cached;

        var vis = Visibility(s);
        var write = vis != 0;
        var val = 0;
        if (s.Choice is null)
        {
            var user = _userTri[s.Index];
            if (vis != 0 && user is not null)
            {
                val = Math.Min(user.Value, vis);
            }
            else
            {
                foreach (var d in s.DefaultItems)
                {
                    var dep = Eval(d.Condition);
                    if (dep == 0) continue;
                    val = Math.Min(Eval(d.Value), dep);
                    if (val != 0) write = true;
                    break;
                }
                var weak = Eval(s.WeakRevDep);
                if (weak != 0 && Eval(s.DirectDep) != 0)
                {
                    val = Math.Max(weak, val);
                    write = true;
                }
            }
            var rev = Eval(s.RevDep);
            if (rev != 0)
            {
                val = Math.Max(rev, val);
                write = true;
            }
            if (val == 1 && (EffectiveType(s) == KconfigType.Bool || Eval(s.WeakRevDep) == 2))
                val = 2;
        }
        else if (vis == 2)
        {
            val = ReferenceEquals(Selection(s.Choice), s) ? 2 : 0;
        }
        else if (vis != 0 && (_userTri[s.Index] ?? 0) != 0)
        {
            val = 1;
        }
        _write[s.Index] = write;
        _tri[s.Index] = (sbyte)val;
        return val;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Str(Symbol s)
    {
        if (s.Type is KconfigType.Bool or KconfigType.Tristate)
            return Tri(s) switch { 0 => "n", 1 => "m", _ => "y" };
        if (s.Type == KconfigType.Unknown || s.Index < 0)
            return s.Name;
        var cached = _str[s.Index];
        if (cached is not null) return cached;

        var val = "";
        var vis = Visibility(s);
        var write = vis != 0;
        if (s.Type is KconfigType.Int or KconfigType.Hex)
        {
            var b = s.Type == KconfigType.Hex ? 16 : 10;
            var hasRange = false;
            long low = 0, high = 0;
            foreach (var r in s.RangeItems)
            {
                if (Eval(r.Condition) == 0) continue;
                hasRange = true;
                low = PyInt.TryParse(Str(r.Low), b, out var l) ? l : 0;
                high = PyInt.TryParse(Str(r.High), b, out var h) ? h : 0;
                break;
            }
            var useDefaults = true;
            var user = _userStr[s.Index];
            if (vis != 0 && !string.IsNullOrEmpty(user))
            {
                PyInt.TryParse(user, b, out var uv);
                if (!hasRange || low <= uv && uv <= high)
                {
                    val = user;
                    useDefaults = false;
                }
            }
            if (useDefaults)
            {
                long num = 0;
                foreach (var d in s.DefaultItems)
                {
                    if (Eval(d.Condition) == 0) continue;
                    write = true;
                    val = StrOf(d.Value);
                    num = PyInt.TryParse(val, b, out var dv) ? dv : 0;
                    break;
                }
                if (hasRange)
                {
                    if (num < low) val = Format(low, s.Type);
                    else if (num > high) val = Format(high, s.Type);
                }
            }
        }
        else
        {
            var user = _userStr[s.Index];
            if (vis != 0 && user is not null)
            {
                val = user;
            }
            else
            {
                foreach (var d in s.DefaultItems)
                {
                    if (Eval(d.Condition) == 0) continue;
                    val = StrOf(d.Value);
                    write = true;
                    break;
                }
            }
        }
        _write[s.Index] = write;
        _str[s.Index] = val;
        return val;
    }

    private static string Format(long v, KconfigType t) => t == KconfigType.Int ? v.ToString() : PyInt.Hex(v);

    /// <summary>A default's value as text: a symbol's value (a constant's is its name).</summary>
    private string StrOf(Expr e) => e is Symbol s ? Str(s) : throw new Zblegen.Core.ZblegenException("a non-bool default must be a single value, not an expression");

    /// <summary>Whether the symbol goes into .config and autoconf.h (it has a prompt that is visible, or a default/select/imply took effect).</summary>
    public bool IsWritten(Symbol s)
    {
        if (s.Index < 0) return false;
        _ = Str(s);
        if (s.Type is KconfigType.Bool or KconfigType.Tristate) _ = Tri(s);
        if (s.EnvVar is not null || s.IsDefconfigList || s.IsTransitional) return false;
        return _write[s.Index];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Visibility(Item item)
    {
        if (item is Symbol s)
        {
            if (s.Index < 0) return 0;
            var c = _vis[s.Index];
            if (c < 0) _vis[s.Index] = c = (sbyte)ComputeVisibility(s);
            return c;
        }
        var ch = (Choice)item;
        var cv = _choiceVis[ch.Index];
        if (cv < 0) _choiceVis[ch.Index] = cv = (sbyte)ComputeVisibility(ch);
        return cv;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ComputeVisibility(Item item)
    {
        var vis = 0;
        foreach (var node in item.NodeItems)
            if (node.HasPrompt)
                vis = Math.Max(vis, Eval(node.PromptCondition!));
        if (item is Symbol { Choice: { } choice } sym)
        {
            if (choice.Type == KconfigType.Tristate && sym.Type != KconfigType.Tristate && ChoiceTri(choice) != 2)
                return 0;
            if (sym.Type == KconfigType.Tristate && vis == 1 && ChoiceTri(choice) == 2)
                return 0;
        }
        if (vis == 1 && EffectiveType(item) != KconfigType.Tristate)
            return 2;
        return vis;
    }

    public int ChoiceTri(Choice c)
    {
        var cached = _choiceTri[c.Index];
        if (cached >= 0) return cached;
        var val = c.IsOptional ? 0 : 1;
        if (_choiceMode[c.Index] is { } mode) val = Math.Max(val, mode);
        val = Math.Min(val, Visibility(c));
        if (val == 1 && EffectiveType(c) == KconfigType.Bool) val = 2;
        _choiceTri[c.Index] = (sbyte)val;
        return val;
    }

    /// <summary>The y-mode choice's selected symbol, or null.</summary>
    public Symbol? Selection(Choice c)
    {
        if (_selectionKnown[c.Index]) return _selection[c.Index];
        Symbol? sel = null;
        if (ChoiceTri(c) == 2)
        {
            var user = _choiceSelection[c.Index];
            if (user is not null && Visibility(user) != 0)
            {
                sel = user;
            }
            else
            {
                foreach (var (sym, cond) in c.DefaultList)
                    if (Eval(cond) != 0 && Visibility(sym) != 0)
                    {
                        sel = sym;
                        break;
                    }
                sel ??= c.SymbolList.FirstOrDefault(s => Visibility(s) != 0);
            }
        }
        _selection[c.Index] = sel;
        _selectionKnown[c.Index] = true;
        return sel;
    }
}
