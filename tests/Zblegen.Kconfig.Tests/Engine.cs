using Zblegen.Kconfig.Evaluation;
using Zblegen.Kconfig.Output;
using Zblegen.Kconfig.Parsing;

namespace Zblegen.Kconfig.Tests;

/// <summary>Our engine, producing the same shape of result as the oracle.</summary>
internal static class Engine
{
    public static (KconfigResult Result, IReadOnlyList<string> Rejected) Evaluate(string srctree, string kconfig, IReadOnlyDictionary<string, string> env,
        IEnumerable<string> fragments, PreprocessorFunctions? functions = null)
    {
        var tree = KconfigTree.Load(new KconfigContext(srctree, kconfig, env, functions ?? PreprocessorFunctions.Builtin));
        var rejected = new List<string>();
        return (Evaluate(tree, fragments, rejected), rejected);
    }

    /// <summary>A fresh evaluation of an already loaded tree.</summary>
    public static KconfigResult Evaluate(KconfigTree tree, IEnumerable<string> fragments, List<string>? rejected = null)
    {
        var ev = new Evaluation.Evaluation(tree);
        foreach (var f in fragments)
        {
            var r = ConfigFragment.Load(f, Path.GetFileName(f)).ApplyTo(ev);
            rejected?.AddRange(r);
        }
        var symbols = new Dictionary<string, SymbolResult>(StringComparer.Ordinal);
        foreach (var s in tree.Symbols)
            symbols[s.Name] = new SymbolResult(s.Type.ToString().ToLowerInvariant(), ev.Str(s), ConfigWriters.ConfigLine(ev, s));
        return new KconfigResult(symbols, ConfigWriters.DotConfig(ev), ConfigWriters.Autoconf(ev));
    }

    /// <summary>Every difference between two results, one line each.</summary>
    public static List<string> Differences(KconfigResult expected, KconfigResult actual)
    {
        var diffs = new List<string>();
        foreach (var (name, e) in expected.Symbols)
        {
            if (!actual.Symbols.TryGetValue(name, out var a))
                diffs.Add($"{name}: missing from our engine");
            else if (e != a)
                diffs.Add($"{name}: reference {e}, ours {a}");
        }
        foreach (var name in actual.Symbols.Keys.Where(n => !expected.Symbols.ContainsKey(n)))
            diffs.Add($"{name}: defined only in our engine");
        if (expected.Config != actual.Config) diffs.Add("the .config texts differ:\n" + FirstDifference(expected.Config, actual.Config));
        if (expected.Autoconf != actual.Autoconf) diffs.Add("the autoconf.h texts differ:\n" + FirstDifference(expected.Autoconf, actual.Autoconf));
        return diffs;
    }

    private static string FirstDifference(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (var i = 0; i < Math.Max(la.Length, lb.Length); i++)
        {
            var x = i < la.Length ? la[i] : "<end>";
            var y = i < lb.Length ? lb[i] : "<end>";
            if (x != y) return $"  line {i + 1}: reference '{x}', ours '{y}'";
        }
        return "";
    }
}
