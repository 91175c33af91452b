using System.Diagnostics;
using System.Text.RegularExpressions;
using Zblegen.Core;

namespace Zblegen.Kconfig.Parsing;

/// <summary>Where the parser is, for $(filename), $(lineno) and file:line errors.</summary>
internal interface IParseLocation
{
    string File { get; }
    int Line { get; }
    ZblegenException Error(string message);
    void Info(string message);
}

internal sealed record FunctionCall(string Name, string[] Args, IParseLocation Where, IReadOnlyDictionary<string, string> Env);

internal sealed record PreprocessorFunction(int MinArgs, int MaxArgs, Func<FunctionCall, string> Invoke)
{
    /// <summary>The value when it does not depend on the arguments (the devicetree queries): no call, no argument strings.</summary>
    public string? Constant { get; init; }
}

/// <summary>
/// The preprocessor's function table. <see cref="Builtin"/> is the language's own set;
/// <see cref="Zephyr"/> adds what Zephyr's build registers, with every devicetree query
/// answered as if there were no devicetree (the host runs without one).
/// </summary>
public sealed class PreprocessorFunctions
{
    private readonly Dictionary<string, PreprocessorFunction> _table;

    private readonly Dictionary<string, PreprocessorFunction>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private PreprocessorFunctions(Dictionary<string, PreprocessorFunction> table)
    {
        _table = table;
        _lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    internal bool TryGet(ReadOnlySpan<char> name, out PreprocessorFunction f) => _lookup.TryGetValue(name, out f!);

    public IEnumerable<string> Names => _table.Keys.Order(StringComparer.Ordinal);

    public static PreprocessorFunctions Builtin { get; } = new(BuiltinTable());

    public static PreprocessorFunctions Zephyr { get; } = new(ZephyrTable());

    private static Dictionary<string, PreprocessorFunction> BuiltinTable() => new(StringComparer.Ordinal)
    {
        ["info"] = new(1, 1, c => { c.Where.Info(c.Args[0]); return ""; }),
        ["error-if"] = new(2, 2, c => c.Args[0] == "y" ? throw c.Where.Error(c.Args[1]) : ""),
        ["warning-if"] = new(2, 2, c => { if (c.Args[0] == "y") c.Where.Info("warning: " + c.Args[1]); return ""; }),
        ["filename"] = new(0, 0, c => c.Where.File),
        ["lineno"] = new(0, 0, c => c.Where.Line.ToString()),
        ["shell"] = new(1, 1, Shell),
    };

    private static string Shell(FunctionCall c)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(c.Args[0]);
        psi.Environment.Clear();
        foreach (var (k, v) in c.Env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw c.Where.Error($"cannot run '{c.Args[0]}'");
        var stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        var lines = stdout.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join(" ", lines).TrimEnd('\n');
    }

    private static Dictionary<string, PreprocessorFunction> ZephyrTable()
    {
        var t = BuiltinTable();
        // Devicetree queries: Zephyr answers n, "", 0 or 0x0 when there is no devicetree.
        void Const(string name, int min, int max, string value) => t[name] = new(min, max, _ => value) { Constant = value };
        foreach (var n in new[] { "dt_has_compat", "dt_compat_enabled", "dt_chosen_enabled", "dt_path_enabled", "dt_alias_enabled", "dt_nodelabel_enabled", "dt_chosen_path" })
            Const(n, 1, 1, "n");
        foreach (var n in new[] { "dt_compat_on_bus", "dt_chosen_has_compat", "dt_nodelabel_enabled_with_compat", "dt_node_bool_prop", "dt_nodelabel_bool_prop",
                                  "dt_chosen_bool_prop", "dt_node_has_prop", "dt_nodelabel_has_prop", "dt_nodelabel_has_compat", "dt_node_has_compat", "dt_compat_any_not_has_prop" })
            Const(n, 2, 2, "n");
        Const("dt_compat_any_has_prop", 2, 3, "n");
        Const("dt_node_str_prop_equals", 3, 3, "n");
        Const("dt_nodelabel_array_prop_has_val", 3, 3, "n");
        Const("dt_gpio_hogs_enabled", 0, 0, "n");
        Const("dt_chosen_label", 1, 1, "");
        Const("dt_nodelabel_path", 1, 1, "");
        Const("dt_node_parent", 1, 1, "");
        Const("dt_node_ph_prop_path", 2, 2, "");
        foreach (var kind in new[] { "addr", "size" })
            foreach (var prefix in new[] { "dt_chosen_reg", "dt_node_reg", "dt_nodelabel_reg" })
            {
                Const($"{prefix}_{kind}_int", 1, 3, "0");
                Const($"{prefix}_{kind}_hex", 1, 3, "0x0");
            }
        Const("dt_chosen_partition_addr_int", 1, 3, "0");
        Const("dt_chosen_partition_addr_hex", 1, 3, "0x0");
        // These return "0" for both flavours when there is no devicetree.
        Const("dt_node_int_prop_int", 2, 3, "0");
        Const("dt_node_int_prop_hex", 2, 3, "0");
        Const("dt_node_array_prop_int", 3, 4, "0");
        Const("dt_node_array_prop_hex", 3, 4, "0");
        Const("dt_node_ph_array_prop_int", 4, 5, "0");
        Const("dt_node_ph_array_prop_hex", 4, 5, "0");

        t["normalize_upper"] = new(1, 1, c => Regex.Replace(c.Args[0], "[^a-zA-Z0-9_]", "_").ToUpperInvariant());
        t["shields_list_contains"] = new(1, 1, c => c.Env.TryGetValue("SHIELD_AS_LIST", out var l) && l.Split(';').Contains(c.Args[0]) ? "y" : "n");
        t["substring"] = new(2, 3, Substring);
        foreach (var op in new[] { "add", "sub", "mul", "div", "mod", "max", "min" })
            t[op] = new(1, 255, c => Arith(c, op));
        t["inc"] = new(1, 255, c => string.Join(",", Ints(c).Select(v => (v + 1).ToString())));
        t["dec"] = new(1, 255, c => string.Join(",", Ints(c).Select(v => (v - 1).ToString())));
        return t;
    }

    private static long[] Ints(FunctionCall c)
    {
        var parts = c.Args.Length > 1 ? c.Args : c.Args[0].Split(',');
        return parts.Select(p => PyInt.TryParse(p, 10, out var v) ? v : throw c.Where.Error($"{c.Name}: '{p}' is not an integer")).ToArray();
    }

    private static string Arith(FunctionCall c, string op)
    {
        var v = Ints(c);
        if (op == "div")
        {
            double acc = v[0];
            foreach (var x in v.Skip(1))
                acc = x == 0 ? throw c.Where.Error("div: division by zero") : acc / x;
            return ((long)Math.Truncate(acc)).ToString();
        }
        return v.Aggregate((a, b) => op switch
        {
            "add" => a + b,
            "sub" => a - b,
            "mul" => a * b,
            "mod" => b == 0 ? throw c.Where.Error("mod: division by zero") : ((a % b) + b) % b,
            "max" => Math.Max(a, b),
            _ => Math.Min(a, b),
        }).ToString();
    }

    private static string Substring(FunctionCall c)
    {
        var s = c.Args[0];
        int Norm(string a)
        {
            var i = PyInt.TryParse(a, 10, out var v) ? (int)v : throw c.Where.Error($"substring: '{a}' is not an integer");
            if (i < 0) i += s.Length;
            return Math.Clamp(i, 0, s.Length);
        }
        var start = Norm(c.Args[1]);
        var stop = c.Args.Length > 2 ? Norm(c.Args[2]) : s.Length;
        return stop > start ? s[start..stop] : "";
    }
}
