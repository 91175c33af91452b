using Zblegen.Core;
using Zblegen.Kconfig.Evaluation;
using Zblegen.Kconfig.Parsing;

namespace Zblegen.Kconfig.Tests;

/// <summary>
/// Expectations for what the differential tests cannot cover: configdefault (Debian's kconfiglib
/// predates it) and the file:line errors.
/// </summary>
[TestFixture]
public class LanguageTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, name);

    private static Evaluation.Evaluation Evaluate(string dir, string kconfig, params string[] fragments)
    {
        var tree = KconfigTree.Load(new KconfigContext(dir, kconfig, new Dictionary<string, string> { ["srctree"] = dir }, PreprocessorFunctions.Builtin));
        var ev = new Evaluation.Evaluation(tree);
        foreach (var f in fragments)
            ConfigFragment.Load(Path.Combine(dir, f), f).ApplyTo(ev);
        return ev;
    }

    private static string Value(Evaluation.Evaluation ev, string name) => ev.Str(ev.Tree.Find(name)!);

    [Test]
    public void Configdefault_defaults_go_where_they_appeared_and_keep_the_symbols_dependencies()
    {
        var ev = Evaluate(Fixture("configdefault"), "Kconfig");
        Assert.Multiple(() =>
        {
            Assert.That(Value(ev, "SIZE"), Is.EqualTo("10"), "a configdefault after the definition comes after its defaults");
            Assert.That(Value(ev, "LATE"), Is.EqualTo("5"), "a configdefault before the definition comes first");
            Assert.That(Value(ev, "FLAG"), Is.EqualTo("y"), "the configdefault inside 'if' applies when the if holds");
        });
    }

    [Test]
    public void Configdefault_defaults_respect_the_symbols_direct_dependencies()
    {
        var ev = Evaluate(Fixture("configdefault"), "Kconfig", "nobase.config");
        var late = ev.Tree.Find("LATE")!;
        Assert.Multiple(() =>
        {
            Assert.That(Value(ev, "FLAG"), Is.EqualTo("n"));
            Assert.That(Value(ev, "LATE"), Is.EqualTo(""));
            Assert.That(ev.IsWritten(late), Is.False);
            Assert.That(Value(ev, "SIZE"), Is.EqualTo("10"));
        });
    }

    [Test]
    public void Configdefault_with_a_prompt_is_an_error_with_its_location()
    {
        var e = Assert.Throws<ZblegenException>(() => Evaluate(Fixture("errors"), "configdefault_prompt.Kconfig"))!;
        Assert.That(e.Message, Does.StartWith("configdefault_prompt.Kconfig:4: configdefault can only contain 'default'"));
        Assert.That(e.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void A_syntax_error_names_file_and_line()
    {
        var e = Assert.Throws<ZblegenException>(() => Evaluate(Fixture("errors"), "syntax.Kconfig"))!;
        Assert.That(e.Message, Does.StartWith("syntax.Kconfig:4: syntax error in 'cnofig BAD'"));
    }

    [Test]
    public void Sourcing_a_missing_file_names_file_and_line()
    {
        var e = Assert.Throws<ZblegenException>(() => Evaluate(Fixture("errors"), "missing_source.Kconfig"))!;
        Assert.That(e.Message, Does.StartWith("missing_source.Kconfig:4: 'no/such/file/Kconfig' not found"));
    }

    [Test]
    public void A_select_cycle_names_a_location_and_the_cycle()
    {
        var e = Assert.Throws<ZblegenException>(() => Evaluate(Fixture("errors"), "select_cycle.Kconfig"))!;
        Assert.That(e.Message, Does.Match(@"^select_cycle\.Kconfig:\d+: dependency loop: (FIRST <- SECOND <- FIRST|SECOND <- FIRST <- SECOND)"));
    }

    [Test]
    public void An_unclosed_menu_names_where_it_was_opened()
    {
        var e = Assert.Throws<ZblegenException>(() => Evaluate(Fixture("errors"), "unclosed.Kconfig"))!;
        Assert.That(e.Message, Does.Contain("expected 'endmenu'").And.Contain("unclosed.Kconfig:1"));
    }

    [Test]
    public void Unknown_symbols_in_a_fragment_are_reported_with_file_and_line()
    {
        var dir = Fixture("errors");
        var tree = KconfigTree.Load(new KconfigContext(dir, "good.Kconfig", new Dictionary<string, string>(), PreprocessorFunctions.Builtin));
        var rejected = ConfigFragment.Load(Path.Combine(dir, "unknown.config"), "unknown.config").ApplyTo(new Evaluation.Evaluation(tree));
        Assert.That(rejected, Is.EqualTo(new[] { "unknown.config:2: CONFIG_NOT_A_SYMBOL is not a Kconfig symbol of this tree; remove it or check its spelling" }));
    }

    [Test]
    public void Zephyr_functions_answer_as_with_no_devicetree()
    {
        var dir = Fixture("zephyr_functions");
        var tree = KconfigTree.Load(new KconfigContext(dir, "Kconfig", new Dictionary<string, string> { ["srctree"] = dir }, PreprocessorFunctions.Zephyr));
        var ev = new Evaluation.Evaluation(tree);
        var expected = new Dictionary<string, string>
        {
            ["HAS_COMPAT"] = "n", ["CHOSEN_ENABLED"] = "n", ["GPIO_HOGS"] = "n", ["CHOSEN_REG_ADDR"] = "0x0", ["CHOSEN_REG_SIZE"] = "0",
            ["INT_PROP_HEX"] = "0x0", ["CHOSEN_PATH"] = "n", ["CHOSEN_LABEL"] = "", ["UPPER"] = "VND_SERIAL_V2",
            ["ADD"] = "15", ["SUB"] = "7", ["MUL"] = "20", ["DIV"] = "3", ["MOD"] = "1", ["MAXIMUM"] = "9", ["MINIMUM"] = "3",
            ["INC"] = "2,3", ["DEC"] = "5", ["ADD_FROM_INC"] = "4", ["SUBSTRING"] = "bc", ["SUBSTRING_TAIL"] = "ef",
        };
        Assert.That(expected.ToDictionary(e => e.Key, e => Value(ev, e.Key)), Is.EqualTo(expected));
    }

    [Test]
    public void A_wrong_argument_count_names_file_and_line()
    {
        var dir = Fixture("errors");
        var e = Assert.Throws<ZblegenException>(() =>
            KconfigTree.Load(new KconfigContext(dir, "bad_function.Kconfig", new Dictionary<string, string>(), PreprocessorFunctions.Zephyr)))!;
        Assert.That(e.Message, Does.StartWith("bad_function.Kconfig:3: bad number of arguments in call to dt_has_compat, expected 1, got 2"));
    }
}
