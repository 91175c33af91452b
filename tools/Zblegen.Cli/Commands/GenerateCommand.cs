using System.CommandLine;
using Spectre.Console;
using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Generator.Usage;

namespace Zblegen.Cli.Commands;

/// <summary>zblegen generate: render templates/ against the committed snapshots into extmod-out/zephyr_ble.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var profile = new Option<string>("--profile") { Description = "Feature profile from bindings/profiles", DefaultValueFactory = _ => "gatt" };
        var port = new Option<string>("--port") { Description = "Port overlay from bindings/profiles/ports", DefaultValueFactory = _ => "unix" };
        var output = new Option<string?>("--out") { Description = "Output folder; zephyr_ble/ inside it is replaced as a whole (default: extmod-out)" };
        var report = new Option<bool>("--report") { Description = "Print a table of what was generated" };
        var cmd = new Command("generate", "Render the Zephyr BLE integration from templates/ and the committed bindings") { profile, port, output, report };
        cmd.SetAction(parse =>
        {
            var repo = RepoLayout.Find(ProcessEnvironment.Instance);
            var model = new ModelLoader(repo).Load(parse.GetValue(profile)!, parse.GetValue(port)!);
            var templates = TemplateSet.Load(repo.Templates);
            var usage = UsageCheck.Load(repo, model);
            BindingTable.Load(repo).Check(repo, templates, usage);
            var result = new Generation(templates).Render(model);
            var coverage = BindingCoverage.Of(result);
            var outDir = parse.GetValue(output) ?? repo.ExtmodOut;
            Generation.Write(result, outDir);
            stdout.WriteLine($"wrote {Path.Combine(outDir, Generation.OutputFolder)}: {result.Files.Count} files for profile {model.Profile}, port {model.Port}");
            if (parse.GetValue(report))
                WriteReport(stdout, result, usage, coverage);
            return 0;
        });
        return cmd;
    }

    private static void WriteReport(TextWriter stdout, GenerationResult result, UsageSnapshot? usage, BindingCoverage? coverage)
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
        if (coverage != null)
        {
            var binding = new Table().AddColumn("modbluetooth.h backend functions").AddColumn(new TableColumn("count").RightAligned()).AddColumn("which");
            binding.AddRow("implemented", coverage.Implemented.Count.ToString(), "");
            binding.AddRow("raise OSError(EOPNOTSUPP)", coverage.NotInSlice.Count.ToString(), string.Join(", ", coverage.NotInSlice.Select(f => f.Name)));
            binding.AddRow("total", (coverage.Implemented.Count + coverage.NotInSlice.Count).ToString(), "");
            console.Write(binding);
        }
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
