using Zblegen.Kconfig.Model;
using Zblegen.Kconfig.Parsing;

namespace Zblegen.Kconfig;

/// <summary>What a Kconfig tree is evaluated in: its root, the environment its $(VAR)s see, and the preprocessor functions.</summary>
public sealed record KconfigContext(string SourceTree, string RootFile, IReadOnlyDictionary<string, string> Environment, PreprocessorFunctions Functions)
{
    /// <summary>What $UNAME_RELEASE in strings expands to; nothing zblegen evaluates uses it.</summary>
    public string UnameRelease { get; init; } = "";
}

/// <summary>
/// A parsed and finalized Kconfig tree. Immutable once loaded: values live in an <see cref="Evaluation"/>.
/// </summary>
public sealed class KconfigTree
{
    private readonly Dictionary<string, Symbol> _syms;

    private KconfigTree(KconfigParser p, IReadOnlyList<Symbol> symbols, IReadOnlyList<Choice> choices)
    {
        _syms = p.Syms;
        Top = p.Top;
        N = p.N;
        M = p.M;
        Y = p.Y;
        Modules = p.Modules;
        Symbols = symbols;
        Choices = choices;
        Files = p.Files.ToArray();
        Messages = p.Messages.ToArray();
        EnvironmentUsed = p.EnvironmentUsed.ToArray();
    }

    public MenuNode Top { get; }
    public Symbol N { get; }
    public Symbol M { get; }
    public Symbol Y { get; }
    /// <summary>MODULES: tristate m is only possible when it is y.</summary>
    public Symbol Modules { get; }
    /// <summary>Defined symbols, each once, in the order of their first definition.</summary>
    public IReadOnlyList<Symbol> Symbols { get; }
    public IReadOnlyList<Choice> Choices { get; }
    /// <summary>Every Kconfig file read, relative to the source tree where inside it.</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>$(info ...) output and warnings, with file:line.</summary>
    public IReadOnlyList<string> Messages { get; }
    public IReadOnlyList<string> EnvironmentUsed { get; }

    /// <summary>A symbol by name (defined or only referenced), or null.</summary>
    public Symbol? Find(string name) => _syms.GetValueOrDefault(name);

    /// <summary>First occurrences in order; an item's Index marks it as taken until the real indices are set.</summary>
    private static List<T> Unique<T>(List<T> items) where T : Item
    {
        var list = new List<T>(items.Count);
        foreach (var i in items)
            if (i.Index != -2)
            {
                i.Index = -2;
                list.Add(i);
            }
        return list;
    }

    public static KconfigTree Load(KconfigContext context)
    {
        var parser = new KconfigParser(context);
        parser.Parse();
        var symbols = Unique(parser.DefinedSyms);
        var choices = Unique(parser.Choices);
        new TreeFinalizer(parser.N, parser.Y).Finalize(parser.Top, symbols);
        for (var i = 0; i < symbols.Count; i++) symbols[i].Index = i;
        for (var i = 0; i < choices.Count; i++) choices[i].Index = i;
        DependencyLoops.Check(symbols, choices);
        return new KconfigTree(parser, symbols, choices);
    }
}
