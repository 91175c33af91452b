using System.CommandLine;
using Spectre.Console;
using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Generator.Usage;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Cli.Commands;

/// <summary>zblegen generate: render templates/ against the committed snapshots into extmod-out/zephyr_ble.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var profile = new Option<string>("--profile") { Description = "Feature profile from bindings/profiles", DefaultValueFactory = _ => ProfileLibrary.DefaultProfile };
        var port = new Option<string>("--port") { Description = "Port overlay from bindings/profiles/ports", DefaultValueFactory = _ => "unix" };
        var output = new Option<string?>("--out") { Description = "Output folder; zephyr_ble/ inside it is replaced as a whole (default: extmod-out)" };
        var report = new Option<bool>("--report") { Description = "Print a table of what was generated" };
        var cmd = new Command("generate", "Render the Zephyr BLE integration from templates/ and the committed bindings") { profile, port, output, report };
        cmd.SetAction(parse =>
        {
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var (result, usage) = new IntegrationPipeline(repo).Render(parse.GetValue(profile)!, parse.GetValue(port)!);
            var outDir = parse.GetValue(output) ?? repo.ExtmodOut;
            Generation.Write(result, outDir);
            stdout.WriteLine($"wrote {Path.Combine(outDir, Generation.OutputFolder)}: {result.Files.Count} files for profile {result.Model.Profile}, port {result.Model.Port}");
            if (parse.GetValue(report))
                WriteReport(stdout, result, usage);
            return 0;
        });
        return cmd;
    }

    private static void WriteReport(TextWriter stdout, GenerationResult result, UsageSnapshot? usage)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().AddColumn("part").AddColumn(new TableColumn("files").RightAligned()).AddColumn(new TableColumn("lines").RightAligned());
        foreach (var group in result.Files.GroupBy(f => Part(f.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
            table.AddRow(group.Key, group.Count().ToString(), group.Sum(f => Lines(f.Value)).ToString());
        table.AddRow("total", result.Files.Count.ToString(), result.Files.Values.Sum(Lines).ToString());
        console.Write(table);
        var model = result.Model;
        stdout.WriteLine($"host sources selected by the profile: {model.Config.Sources.Count}; CONFIG_ symbols: {model.Config.Symbols.Count}");
        var halLines = result.Files.Where(f => f.Key.StartsWith("hal/")).Sum(f => Lines(f.Value));
        var coverage = result.Coverage;
        var binding = new Table().AddColumn("modbluetooth.h backend functions").AddColumn(new TableColumn("count").RightAligned()).AddColumn("which (mp_bluetooth_...)");
        foreach (var file in coverage.Implemented.GroupBy(d => d.File))
            binding.AddRow($"defined in {Path.GetFileName(file.Key)}", file.Count().ToString(), "");
        binding.AddRow("raise OSError(EOPNOTSUPP), in the generated modbluetooth_zephyr_stubs.c", coverage.Stubs.Count.ToString(),
            string.Join(", ", coverage.Stubs.Select(f => f.Name["mp_bluetooth_".Length..])));
        binding.AddRow("total", (coverage.Implemented.Count + coverage.Stubs.Count).ToString(), "");
        console.Write(binding);
        if (usage == null)
        {
            stdout.WriteLine($"Zephyr symbols used: unknown (no usage snapshot; run zblegen scan with the trees); HAL: {halLines} lines");
            return;
        }
        var symbols = new Table().AddColumn("Zephyr symbols the host uses").AddColumn(new TableColumn("count").RightAligned());
        symbols.AddRow("from Zephyr's own headers", usage.Counts.Real.ToString());
        symbols.AddRow("from generated shadow headers", usage.Counts.Shadow.ToString());
        symbols.AddRow("from the HAL", usage.Counts.Hal.ToString());
        symbols.AddRow("total", usage.Counts.Symbols.ToString());
        symbols.AddRow("HAL lines", halLines.ToString());
        console.Write(symbols);
    }

    private static string Part(string path) => path.Contains('/') ? path[..path.IndexOf('/')] : path;

    private static int Lines(string text) => text.Count(c => c == '\n');
}
