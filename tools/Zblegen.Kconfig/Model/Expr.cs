namespace Zblegen.Kconfig.Model;

/// <summary>
/// A Kconfig expression. Symbols and choices are expressions themselves (their tristate value),
/// so a leaf needs no wrapper object; operators are the small sealed classes below.
/// </summary>
public abstract class Expr
{
}

public sealed class AndExpr(Expr left, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}

public sealed class OrExpr(Expr left, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}

public sealed class NotExpr(Expr operand) : Expr
{
    public Expr Operand { get; } = operand;
}

public enum Relation { Equal, Unequal, Less, LessEqual, Greater, GreaterEqual }

/// <summary>A comparison; both sides are symbols (possibly constant ones such as "foo" or 10).</summary>
public sealed class RelationExpr(Relation relation, Symbol left, Symbol right) : Expr
{
    public Relation Relation { get; } = relation;
    public Symbol Left { get; } = left;
    public Symbol Right { get; } = right;

    public static string Operator(Relation r) => r switch
    {
        Relation.Equal => "=",
        Relation.Unequal => "!=",
        Relation.Less => "<",
        Relation.LessEqual => "<=",
        Relation.Greater => ">",
        _ => ">=",
    };
}

/// <summary>Helpers that simplify with the constants n and y the way the reference implementation does.</summary>
internal static class ExprBuild
{
    public static Expr And(Expr a, Expr b, Symbol n, Symbol y)
    {
        if (ReferenceEquals(a, y)) return b;
        if (ReferenceEquals(b, y)) return a;
        if (ReferenceEquals(a, n) || ReferenceEquals(b, n)) return n;
        return new AndExpr(a, b);
    }

    public static Expr Or(Expr a, Expr b, Symbol n, Symbol y)
    {
        if (ReferenceEquals(a, n)) return b;
        if (ReferenceEquals(b, n)) return a;
        if (ReferenceEquals(a, y) || ReferenceEquals(b, y)) return y;
        return new OrExpr(a, b);
    }
}

/// <summary>Renders an expression as Kconfig text, for explanations and error messages.</summary>
public static class ExprText
{
    public static string Render(Expr e) => Render(e, 0);

    // Precedence: 0 = or, 1 = and, 2 = factor.
    private static string Render(Expr e, int context)
    {
        switch (e)
        {
            case Symbol s:
                return s.IsConstant && !s.IsTristateConstant ? Quote(s.Name) : s.Name;
            case Choice c:
                return c.Name is null ? "<choice>" : $"<choice {c.Name}>";
            case NotExpr not:
                return "!" + Render(not.Operand, 2);
            case RelationExpr r:
                return $"{Render(r.Left, 2)} {RelationExpr.Operator(r.Relation)} {Render(r.Right, 2)}";
            case AndExpr a:
                var and = $"{Render(a.Left, 1)} && {Render(a.Right, 1)}";
                return context > 1 ? $"({and})" : and;
            case OrExpr o:
                var or = $"{Render(o.Left, 0)} || {Render(o.Right, 0)}";
                return context > 0 ? $"({or})" : or;
            default:
                throw new InvalidOperationException(e.GetType().Name);
        }
    }

    private static string Quote(string s) => long.TryParse(s, out _) || s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s : $"\"{s}\"";

    /// <summary>The operands of a chain of one operator (a && b && c → a, b, c).</summary>
    public static IEnumerable<Expr> Split<T>(Expr e) where T : Expr
    {
        if (e is T)
        {
            var (l, r) = e switch { AndExpr a => (a.Left, a.Right), OrExpr o => (o.Left, o.Right), _ => throw new InvalidOperationException() };
            foreach (var x in Split<T>(l)) yield return x;
            foreach (var x in Split<T>(r)) yield return x;
        }
        else
        {
            yield return e;
        }
    }
}
