using Zblegen.Core;

namespace Zblegen.Generator;

/// <summary>What one generation produced: file contents by path relative to the output folder, and which backend
/// functions the binding defines.</summary>
public sealed record GenerationResult(IReadOnlyDictionary<string, string> Files, GenerationModel Model, BindingCoverage Coverage);

/// <summary>Renders every template against the model; writing is separate so tests can compare without disk.</summary>
public sealed class Generation
{
    public const string OutputFolder = "zephyr_ble";

    /// <summary>Outputs the integration cannot do without; their templates missing is an error, not a smaller output.</summary>
    public static readonly IReadOnlyList<string> RequiredOutputs = new[] { "zephyr_ble/include/zephyr/autoconf.h" };

    private readonly TemplateSet _templates;
    private readonly Lazy<IReadOnlyList<BindingDefinition>> _definitions;

    public Generation(TemplateSet templates)
    {
        _templates = templates;
        _definitions = new(() => BindingCoverage.Scan(templates));
    }

    public GenerationResult Render(GenerationModel model)
    {
        foreach (var required in RequiredOutputs)
            _templates.Require(required);
        // The build recipe depends only on which files exist, so templates can print it (zephyr_ble.mk).
        var coverage = BindingCoverage.Check(_definitions.Value, model.Modbluetooth, $"bindings/snapshots/micropython-{model.MicropythonVersion}/modbluetooth.json");
        var build = HostCompile.For(model, _templates.Files.Select(f => f.Output[(OutputFolder.Length + 1)..]));
        var renderer = new TemplateRenderer(model, new Dictionary<string, object> { ["build"] = build, ["binding"] = coverage });
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var template in _templates.Files)
        {
            if (!template.Output.StartsWith(OutputFolder + "/"))
                throw new ZblegenException($"templates/{template.Name}: outside {OutputFolder}/; templates are laid out like extmod-out/{OutputFolder}/");
            files[template.Output[(OutputFolder.Length + 1)..]] = template.IsTemplate ? renderer.Render(template) : File.ReadAllText(template.Path);
        }
        return new GenerationResult(files, model, coverage);
    }

    /// <summary>Replaces OUT/zephyr_ble as a whole with the rendered files.</summary>
    public static void Write(GenerationResult result, string outDir) =>
        DirectorySwap.Replace(Path.Combine(outDir, OutputFolder), result.Files);

    /// <summary>As <see cref="Write"/>, but leaves an identical OUT/zephyr_ble alone (so a make over it has nothing to redo).</summary>
    public static void WriteIfChanged(GenerationResult result, string outDir)
    {
        var dir = Path.Combine(outDir, OutputFolder);
        var same = Directory.Exists(dir)
            && Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count() == result.Files.Count
            && result.Files.All(f => File.Exists(Path.Combine(dir, f.Key)) && File.ReadAllText(Path.Combine(dir, f.Key)) == f.Value);
        if (!same)
            Write(result, outDir);
    }
}
