using Zblegen.Core;

namespace Zblegen.Generator;

/// <summary>What one generation produced: file contents by path relative to the output folder.</summary>
public sealed record GenerationResult(IReadOnlyDictionary<string, string> Files, GenerationModel Model);

/// <summary>Renders every template against the model; writing is separate so tests can compare without disk.</summary>
public sealed class Generation
{
    public const string OutputFolder = "zephyr_ble";

    /// <summary>Outputs the integration cannot do without; their templates missing is an error, not a smaller output.</summary>
    public static readonly IReadOnlyList<string> RequiredOutputs = new[] { "zephyr_ble/include/zephyr/autoconf.h" };

    private readonly TemplateSet _templates;

    public Generation(TemplateSet templates) => _templates = templates;

    public GenerationResult Render(GenerationModel model)
    {
        foreach (var required in RequiredOutputs)
            _templates.Require(required);
        // The build recipe depends only on which files exist, so templates can print it (zephyr_ble.mk).
        var build = HostCompile.For(model, _templates.Files.Select(f => f.Output[(OutputFolder.Length + 1)..]));
        var renderer = new TemplateRenderer(model, new Dictionary<string, object> { ["build"] = build });
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var template in _templates.Files)
        {
            if (!template.Output.StartsWith(OutputFolder + "/"))
                throw new ZblegenException($"templates/{template.Name}: outside {OutputFolder}/; templates are laid out like extmod-out/{OutputFolder}/");
            files[template.Output[(OutputFolder.Length + 1)..]] = renderer.Render(template);
        }
        return new GenerationResult(files, model);
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

    /// <summary>
    /// The integration of a profile for the unix port, rendered into the build cache (not extmod-out, which holds the
    /// committed default), for a unix build of that profile.
    /// </summary>
    public static string RenderForUnixBuild(RepoLayout repo, string profile, string cacheDir) => RenderForBuild(repo, profile, "unix", cacheDir);

    /// <summary>The integration of a profile and port, rendered into the build cache for a firmware build (a board's own port).</summary>
    public static string RenderForBuild(RepoLayout repo, string profile, string port, string cacheDir)
    {
        var model = new ModelLoader(repo).Load(profile, port);
        var templates = TemplateSet.Load(repo.Templates);
        // The checks generate makes, so a build never uses an integration generate would refuse.
        BindingTable.Load(repo).Check(repo, templates, Usage.UsageCheck.Load(repo, model));
        var result = new Generation(templates).Render(model);
        BindingCoverage.Of(result);
        var dir = Path.Combine(cacheDir, $"zephyr_ble-{profile}-{port}");
        WriteIfChanged(result, dir);
        return dir;
    }
}
