using Zblegen.Clang;

namespace Zblegen.Tests;

[TestFixture]
public class ClangInteropTests
{
    private static readonly string Fixtures = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "clang");
    private static string Shapes => Path.Combine(Fixtures, "shapes.h");

    private ClangIndex _index = null!;
    private IReadOnlyList<string> _hostArgs = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _index = new ClangIndex();
        _hostArgs = TargetCompiler.Host.ClangArguments();
    }

    [OneTimeTearDown]
    public void TearDown() => _index.Dispose();

    private TranslationUnit ParseShapes(params string[] defines) =>
        _index.Parse(new ParseRequest(Shapes, _hostArgs.Concat(new[] { "-I", Fixtures }).Concat(defines.Select(d => "-D" + d)).ToArray()));

    private static IReadOnlyList<Cursor> Functions(TranslationUnit tu) =>
        tu.Root.Children.Where(c => c.Kind == CursorKind.FunctionDecl && c.Position.File == Shapes).ToArray();

    [Test]
    public void Version_names_clang()
    {
        Assert.That(ClangIndex.Version, Does.StartWith("clang version"));
    }

    [Test]
    public void Functions_come_with_return_type_and_parameters()
    {
        using var tu = ParseShapes();
        var set = Functions(tu).Single(f => f.Spelling == "shapes_set_name");
        Assert.That(set.ResultTypeSpelling, Is.EqualTo("void"));
        Assert.That(set.Arguments.Select(a => $"{a.TypeSpelling} {a.Spelling}"), Is.EqualTo(new[] { "const uint8_t * buf", "size_t len" }));
    }

    [Test]
    public void Only_active_branches_have_cursors()
    {
        using var off = ParseShapes();
        Assert.That(Functions(off).Select(f => f.Spelling), Is.EquivalentTo(new[] { "shapes_init", "shapes_set_name", "shapes_fallback", "shapes_twice", "shapes_valid" }));
        using var on = ParseShapes("SHAPES_ENABLE_CENTRAL=1", "SHAPES_DEBUG");
        Assert.That(Functions(on).Select(f => f.Spelling), Is.EquivalentTo(new[] { "shapes_init", "shapes_set_name", "shapes_scan", "shapes_read", "shapes_modern", "shapes_dump", "shapes_twice", "shapes_valid" }));
    }

    [Test]
    public void Static_inline_functions_are_told_apart()
    {
        using var tu = ParseShapes();
        var twice = Functions(tu).Single(f => f.Spelling == "shapes_twice");
        var init = Functions(tu).Single(f => f.Spelling == "shapes_init");
        Assert.Multiple(() =>
        {
            Assert.That(twice.StorageClass, Is.EqualTo(StorageClass.Static));
            Assert.That(twice.IsInlined, Is.True);
            Assert.That(twice.IsDefinition, Is.True);
            Assert.That(init.StorageClass, Is.EqualTo(StorageClass.None));
            Assert.That(init.IsDefinition, Is.False);
            Assert.That(Functions(tu).Single(f => f.Spelling == "shapes_valid").Arguments[0].TypeSpelling, Is.EqualTo("shapes_handle_t"));
        });
    }

    [Test]
    public void Guards_are_recovered_for_every_declaration()
    {
        using var tu = ParseShapes("SHAPES_ENABLE_CENTRAL=1", "SHAPES_DEBUG");
        var map = PreprocessorMap.Build(tu.Tokenize(Shapes), tu.ReadBytes(Shapes), tu.SkippedRanges(Shapes));
        var guards = Functions(tu).ToDictionary(f => f.Spelling, f => map.GuardAt(f.Position.Offset));
        Assert.Multiple(() =>
        {
            Assert.That(guards["shapes_init"], Is.Null, "the include guard is not a condition");
            Assert.That(guards["shapes_scan"], Is.EqualTo("SHAPES_ENABLE_CENTRAL"));
            Assert.That(guards["shapes_read"], Is.EqualTo("SHAPES_ENABLE_CENTRAL && SHAPES_ENABLE_CLIENT"));
            Assert.That(guards["shapes_modern"], Is.EqualTo("!defined(SHAPES_LEGACY) && SHAPES_ENABLE_CENTRAL && SHAPES_ENABLE_CLIENT"));
            Assert.That(guards["shapes_dump"], Is.EqualTo("defined(SHAPES_DEBUG)"));
            Assert.That(guards["shapes_twice"], Is.Null);
        });
    }

    [Test]
    public void Guards_of_skipped_branches_are_known_from_tokens()
    {
        using var tu = ParseShapes();
        var map = PreprocessorMap.Build(tu.Tokenize(Shapes), tu.ReadBytes(Shapes), tu.SkippedRanges(Shapes));
        var text = System.Text.Encoding.UTF8.GetString(tu.ReadBytes(Shapes));
        int At(string s) => System.Text.Encoding.UTF8.GetByteCount(text[..text.IndexOf(s, StringComparison.Ordinal)]);
        Assert.Multiple(() =>
        {
            Assert.That(map.GuardAt(At("int shapes_legacy")), Is.EqualTo("defined(SHAPES_LEGACY)"));
            Assert.That(map.GuardAt(At("int shapes_fallback")), Is.EqualTo("!defined(SHAPES_LEGACY) && !(SHAPES_ENABLE_CENTRAL && SHAPES_ENABLE_CLIENT)"));
            Assert.That(map.IsActive(At("int shapes_legacy")), Is.False);
            Assert.That(map.IsActive(At("int shapes_read")), Is.False);
            Assert.That(map.IsActive(At("int shapes_fallback")), Is.True);
            Assert.That(map.IsActive(At("int shapes_init")), Is.True);
        });
    }

    [Test]
    public void Macro_directives_carry_name_body_and_guard()
    {
        using var tu = ParseShapes();
        var map = PreprocessorMap.Build(tu.Tokenize(Shapes), tu.ReadBytes(Shapes), tu.SkippedRanges(Shapes));
        var defines = map.Directives.Where(d => d.Kind == DirectiveKind.Define).ToDictionary(d => d.MacroName!);
        Assert.Multiple(() =>
        {
            Assert.That(PreprocessorMap.Join(defines["SHAPES_MASK"].Replacement), Is.EqualTo("(SHAPES_EVENT_CONNECT | SHAPES_EVENT_DISCONNECT)"), "continuation lines fold");
            Assert.That(PreprocessorMap.Join(defines["SHAPES_EVENT_DISCONNECT"].Replacement), Is.EqualTo("(1 << 1)"));
            Assert.That(defines["SHAPES_CALL"].IsFunctionLike, Is.True);
            Assert.That(defines["SHAPES_NAME"].IsFunctionLike, Is.False);
            Assert.That(map.GuardAt(defines["SHAPES_ENABLE_CLIENT"].Position.Offset), Is.EqualTo("!defined(SHAPES_ENABLE_CLIENT)"));
        });
    }

    [Test]
    public void Macro_values_are_evaluated_by_the_compiler()
    {
        var probe = Path.Combine(Fixtures, "zblegen-probe.c");
        using var tu = _index.Parse(new ParseRequest(probe, _hostArgs.Concat(new[] { "-I", Fixtures }).ToArray())
        {
            UnsavedFiles = new Dictionary<string, string>
            {
                [probe] = "#include \"shapes.h\"\nenum { v0 = SHAPES_MASK, v1 = SHAPES_ENABLE_CLIENT, v2 = SHAPES_CALL(41) };\n",
            },
        });
        var values = tu.Root.Children.Where(c => c.Kind == CursorKind.EnumDecl).SelectMany(e => e.Children).ToDictionary(c => c.Spelling, c => c.EnumValue);
        Assert.That(values, Is.EqualTo(new Dictionary<string, long> { ["v0"] = 3, ["v1"] = 0, ["v2"] = 42 }));
    }

    [Test]
    public void An_error_becomes_one_file_line_failure()
    {
        var broken = Path.Combine(Fixtures, "broken.h");
        var e = Assert.Throws<ClangParseException>(() => _index.Parse(new ParseRequest(broken, _hostArgs)))!;
        Assert.That(e.Message, Does.StartWith($"{broken}:4: unknown type name 'undeclared_type_t'"));
        Assert.That(e.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Lex_only_mode_tolerates_missing_includes()
    {
        var probe = Path.Combine(Fixtures, "lex.c");
        using var tu = _index.Parse(new ParseRequest(probe, _hostArgs, ParseMode.LexOnly)
        {
            UnsavedFiles = new Dictionary<string, string> { [probe] = "#include <zephyr/kernel.h>\n#if CONFIG_X\n#include \"local.h\"\n#endif\nint f(void) { return k_uptime_get(); }\n" },
        });
        var map = PreprocessorMap.Build(tu.Tokenize(probe), tu.ReadBytes(probe), Array.Empty<(int, int)>());
        var includes = map.Directives.Where(d => d.Kind == DirectiveKind.Include).Select(d => (d.BodyText, map.GuardAt(d.Position.Offset))).ToArray();
        Assert.That(includes, Is.EqualTo(new[] { ("<zephyr/kernel.h>", (string?)null), ("\"local.h\"", "CONFIG_X") }));
    }

    [Test]
    public void Inclusions_list_every_entered_header()
    {
        using var tu = ParseShapes();
        var files = tu.Inclusions().Select(i => Path.GetFileName(i.File)).ToArray();
        Assert.That(files, Does.Contain("shapes_types.h").And.Contain("stdint.h"));
    }

    [Test]
    public void Host_compiler_reports_its_include_dirs()
    {
        var dirs = TargetCompiler.Host.QuerySystemIncludes();
        Assert.That(dirs.Any(d => File.Exists(Path.Combine(d, "stddef.h"))), Is.True);
    }

    [Test]
    public void Missing_compiler_is_a_clear_error()
    {
        var missing = TargetCompiler.Host with { Driver = "no-such-gcc-zblegen" };
        var e = Assert.Throws<Zblegen.Core.ZblegenException>(() => missing.QuerySystemIncludes())!;
        Assert.That(e.Message, Does.Contain("no-such-gcc-zblegen not found on PATH"));
    }
}
