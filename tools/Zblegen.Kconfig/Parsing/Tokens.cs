using Zblegen.Kconfig.Model;

namespace Zblegen.Kconfig.Parsing;

internal enum T
{
    None = 0,
    AllnoconfigY, And, Bool, Choice, CloseParen, Comment, Config, ConfigDefault, Default, DefconfigList,
    DefBool, DefHex, DefInt, DefString, DefTristate, Depends, EndChoice, EndIf, EndMenu, Env, Equal,
    Greater, GreaterEqual, Help, Hex, If, Imply, Int, Less, LessEqual, MainMenu, Menu, MenuConfig, Modules,
    Not, On, OpenParen, Option, Optional, Or, OrSource, OSource, Prompt, Range, RSource, Select, Source,
    String, Tristate, Unequal, Visible, Transitional,
    /// <summary>A symbol reference (Token.Symbol).</summary>
    Sym,
    /// <summary>A string (Token.Text).</summary>
    Str,
}

internal readonly record struct Token(T Kind, Symbol? Symbol = null, string? Text = null)
{
    public static readonly Token End = new(T.None);
}

internal static class Keywords
{
    private static readonly Dictionary<string, T> Map = new(StringComparer.Ordinal)
    {
        ["---help---"] = T.Help, ["allnoconfig_y"] = T.AllnoconfigY, ["bool"] = T.Bool, ["boolean"] = T.Bool,
        ["choice"] = T.Choice, ["comment"] = T.Comment, ["config"] = T.Config, ["configdefault"] = T.ConfigDefault,
        ["def_bool"] = T.DefBool, ["def_hex"] = T.DefHex, ["def_int"] = T.DefInt, ["def_string"] = T.DefString,
        ["def_tristate"] = T.DefTristate, ["default"] = T.Default, ["defconfig_list"] = T.DefconfigList,
        ["depends"] = T.Depends, ["endchoice"] = T.EndChoice, ["endif"] = T.EndIf, ["endmenu"] = T.EndMenu,
        ["env"] = T.Env, ["grsource"] = T.OrSource, ["gsource"] = T.OSource, ["help"] = T.Help, ["hex"] = T.Hex,
        ["if"] = T.If, ["imply"] = T.Imply, ["int"] = T.Int, ["mainmenu"] = T.MainMenu, ["menu"] = T.Menu,
        ["menuconfig"] = T.MenuConfig, ["modules"] = T.Modules, ["on"] = T.On, ["option"] = T.Option,
        ["optional"] = T.Optional, ["orsource"] = T.OrSource, ["osource"] = T.OSource, ["prompt"] = T.Prompt,
        ["range"] = T.Range, ["rsource"] = T.RSource, ["select"] = T.Select, ["source"] = T.Source,
        ["string"] = T.String, ["tristate"] = T.Tristate, ["visible"] = T.Visible, ["transitional"] = T.Transitional,
    };

    private static readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> SpanMap = Map.GetAlternateLookup<ReadOnlySpan<char>>();

    public static T Get(string word) => Map.TryGetValue(word, out var t) ? t : T.None;

    public static T Get(ReadOnlySpan<char> word) => SpanMap.TryGetValue(word, out var t) ? t : T.None;

    /// <summary>Tokens after which a quoted or bare word is a string, not a symbol.</summary>
    public static bool IsStringLex(T t) => t is T.Bool or T.Choice or T.Comment or T.Hex or T.Int or T.MainMenu or T.Menu
        or T.OrSource or T.OSource or T.Prompt or T.RSource or T.Source or T.String or T.Tristate;

    public static bool IsType(T t) => t is T.Bool or T.Tristate or T.Int or T.Hex or T.String;

    public static bool IsRelation(T t) => t is T.Equal or T.Unequal or T.Less or T.LessEqual or T.Greater or T.GreaterEqual;

    public static KconfigType TypeOf(T t) => t switch
    {
        T.Bool or T.DefBool => KconfigType.Bool,
        T.Tristate or T.DefTristate => KconfigType.Tristate,
        T.Int or T.DefInt => KconfigType.Int,
        T.Hex or T.DefHex => KconfigType.Hex,
        T.String or T.DefString => KconfigType.String,
        _ => KconfigType.Unknown,
    };

    public static Relation RelationOf(T t) => t switch
    {
        T.Equal => Relation.Equal,
        T.Unequal => Relation.Unequal,
        T.Less => Relation.Less,
        T.LessEqual => Relation.LessEqual,
        T.Greater => Relation.Greater,
        _ => Relation.GreaterEqual,
    };
}
