using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Generator.Usage;

namespace Zblegen.Tests;

/// <summary>
/// The iterable sections and SYS_INIT runner: the types are found as zblegen scan finds them (libclang over the
/// sources), zephyr_ble_sections.ld is rendered for them, and the link with it gives one array per type sorted by
/// entry name. On unix the program runs; on the boards the firmware image is checked against the port's own
/// linker script: writable entries in RAM right after .data, their initial values in flash where the HAL copies
/// them from, and nothing of the port's script edited.
/// </summary>
[TestFixture]
[Category("Tree")]
public class SectionsTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "sections", name);

    [Test]
    public void Iterable_sections_are_sorted_arrays_and_sys_init_runs_in_boot_order()
    {
        var build = GeneratedBuild.Prepare("minimal", "unix");
        // Link order b, a: entries c, a, b; Zephyr's order (and ours) is by name.
        var sources = new[] { Fixture("sections_b.c"), Fixture("sections_a.c"), Path.Combine(build.Generated, "zephyr_ble_init.c") };
        var script = RenderSections(build, "minimal", "unix", sources);
        var exe = Path.Combine(build.Work, "sections");
        var args = FixtureFlags(build).Concat(sources).Concat(new[] { "-T", script, "-o", exe }).ToList();
        var link = ProcessRunner.TryRun("gcc", args)!;
        Assert.That(link.ExitCode, Is.EqualTo(0), link.Output);
        var run = ProcessRunner.TryRun(exe, Array.Empty<string>())!;
        Assert.That(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "items 3 sum 6 count 3 indexed 1 order abc",
            "unused 0",
            "init pre_kernel_1 50",
            "init post_kernel 5",
            "init post_kernel 20",
            "init app 10",
            "inits returned -5",
        }));
    }

    [TestCase("pybd_sf6", "boards/PYBD_SF6/f767.ld")]
    public void Board_link_keeps_the_port_script_and_loads_writable_entries_from_flash(string port, string script)
    {
        // The port's folder, compiler, CPU flags and flash region are the registry's.
        var target = TargetRegistry.Load(TestPaths.Repo).Port(port);
        var (portDir, flashRegion) = (target.MicropythonPort, target.Linker.FlashRegion);
        TestPaths.ToolOrIgnore(target.Compiler);
        var build = GeneratedBuild.Prepare("minimal", port);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var sources = new[] { Fixture("board_sections.c"), Path.Combine(build.Generated, "zephyr_ble_init.c") };
        var sections = RenderSections(build, "minimal", port, sources);
        var boards = Path.Combine(micropython.Root, "ports", portDir, "boards");
        var elf = Path.Combine(build.Work, "board.elf");
        // As the stm32 Makefile links: our fragment comes first (LDFLAGS_USERMOD), then the board's script.
        var args = FixtureFlags(build).Concat(target.CpuFlags).Concat(sources).Concat(new[]
        {
            "-O2", "-nostartfiles", "--specs=nano.specs", "--specs=nosys.specs", "-Wl,--gc-sections",
            "-T", sections, "-L", boards, "-L", Path.Combine(boards, "common_isr_rom"), "-T", Path.Combine(micropython.Root, "ports", portDir, script),
            "-Wl,--defsym=_estack_reserve=8", "-o", elf,
        }).ToList();
        var link = ProcessRunner.TryRun(target.Compiler, args)!;
        Assert.That(link.ExitCode, Is.EqualTo(0), link.Output);
        Assert.That(link.Output, Does.Not.Contain("warning"), "the link warns");

        using var image = ELFReader.Load<uint>(elf);
        var data = Section(image, ".data");
        var zb = Section(image, "zb_it_data");
        Assert.That(zb.LoadAddress - (data.LoadAddress + data.Size), Is.LessThan(8u), "zb_it_data follows .data in RAM");
        var (zbLoad, dataLoad) = (LoadAddress(image, zb), LoadAddress(image, data));
        Assert.That(zbLoad, Is.Not.EqualTo(zb.LoadAddress), "zb_it_data is loaded from flash, not where it runs");
        Assert.That(zbLoad - (dataLoad + data.Size), Is.LessThan(8u), "its load image follows .data's, so the firmware image holds it");
        var symbols = ((ISymbolTable)image.GetSection(".symtab")).Entries.Cast<SymbolEntry<uint>>()
            .Where(e => e.Name.Length > 0).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => (ulong)g.First().Value);
        Assert.That(symbols["__zb_it_data_load"], Is.EqualTo((ulong)zbLoad));
        Assert.That(symbols["__zb_it_data_start"], Is.EqualTo((ulong)zb.LoadAddress));
        // Sorted by entry name, whatever the definition order, and the pools' initial values are in the load image.
        Assert.That(symbols["pool_a"], Is.EqualTo(symbols["__start_zb_it_pool"]));
        Assert.That(symbols["pool_b"], Is.EqualTo(symbols["__start_zb_it_pool"] + 8));
        Assert.That(symbols["__stop_zb_it_pool"], Is.EqualTo(symbols["__start_zb_it_pool"] + 16));
        Assert.That(symbols["chan_a"], Is.LessThan(symbols["chan_z"]));
        var bytes = zb.GetContents();
        var poolA = (int)(symbols["pool_a"] - zb.LoadAddress);
        Assert.That(BitConverter.ToInt32(bytes, poolA), Is.EqualTo(1));
        Assert.That(BitConverter.ToInt32(bytes, poolA + 4), Is.EqualTo(10));
        Assert.That(BitConverter.ToInt32(bytes, poolA + 12), Is.EqualTo(20));
        Assert.That(File.ReadAllText(sections), Does.Contain($"ORIGIN({flashRegion})"));
    }

    /// <summary>What the fixtures compile with: the generated headers (as the host sees them), no host warnings relaxed.</summary>
    private static IEnumerable<string> FixtureFlags(GeneratedBuild build) => new[]
    {
        "-std=gnu11", "-Wall", "-Werror", "-include", Path.Combine(build.Generated, "include", "zephyr_ble_target.h"),
        "-I", Path.Combine(build.Generated, "include"), "-I", Path.Combine(build.Generated, "hal"), "-I", Path.Combine(build.ZephyrRoot, "include"),
    };

    /// <summary>zephyr_ble_sections.ld for the iterable types libclang finds in the sources, as zblegen scan finds the host's.</summary>
    private static string RenderSections(GeneratedBuild build, string profile, string port, IEnumerable<string> sources)
    {
        var model = new ModelLoader(TestPaths.Repo).Load(profile, port);
        var compiler = TargetCompiler.For(model.Target);
        var args = compiler.ClangArguments().Where(a => a != "-std=gnu11").Concat(FixtureFlags(build).Where(f => !f.StartsWith("-W"))).ToArray();
        var collector = new IterableCollector();
        using (var index = new ClangIndex())
        {
            foreach (var source in sources)
            {
                using var tu = index.Parse(new ParseRequest(source, args, ParseMode.Analyse));
                Assert.That(tu.Diagnostics.Where(d => d.Severity >= Clang.Interop.CXDiagnosticSeverity.Error), Is.Empty, source);
                collector.Collect(tu, Path.GetFileName(source));
            }
        }
        var rendered = new Generation(TemplateSet.Load(TestPaths.Repo.Templates)).Render(model with { Iterables = collector.Result() });
        var path = Path.Combine(build.Work, "fixture_sections.ld");
        File.WriteAllText(path, rendered.Files["zephyr_ble_sections.ld"]);
        return path;
    }

    private static Section<uint> Section(IELF image, string name) => (Section<uint>)image.GetSection(name);

    /// <summary>Where a section's bytes are loaded from: its segment's physical address plus its offset in the segment.</summary>
    private static uint LoadAddress(IELF image, Section<uint> section)
    {
        var segment = ((ELF<uint>)image).Segments.Single(s => s.Type == ELFSharp.ELF.Segments.SegmentType.Load
            && section.Offset >= s.Offset && section.Offset < s.Offset + s.FileSize);
        return (uint)(segment.PhysicalAddress + (section.Offset - (uint)segment.Offset));
    }
}
