using Zblegen.Core;
using Zblegen.Generator.Usage;

namespace Zblegen.Generator;

/// <summary>What generate and a build render, with the usage snapshot that was checked for it (null where none was scanned).</summary>
public sealed record CheckedGeneration(GenerationResult Result, UsageSnapshot? Usage);

/// <summary>
/// The one way the integration is rendered: the committed snapshots into a model, the templates, the checks
/// generate makes (header bindings, usage, the binding's definitions), then the files. generate, the builds and
/// scan's usage analysis all go through it.
/// </summary>
public sealed class IntegrationPipeline
{
    private readonly RepoLayout _repo;
    private readonly ModelLoader _loader;
    private readonly Lazy<BindingTable> _table;

    public IntegrationPipeline(RepoLayout repo)
    {
        _repo = repo;
        _loader = new ModelLoader(repo);
        Templates = TemplateSet.Load(repo.Templates);
        Generation = new Generation(Templates);
        _table = new(() => BindingTable.Load(repo));
    }

    public TemplateSet Templates { get; }
    public Generation Generation { get; }

    /// <summary>A profile and port rendered with every check generate makes, so nothing uses an integration generate would refuse.</summary>
    public CheckedGeneration Render(string profile, string port)
    {
        var model = _loader.Load(profile, port);
        var usage = UsageCheck.Load(_repo, model);
        _table.Value.Check(_repo, Templates, usage);
        return new CheckedGeneration(Generation.Render(model), usage);
    }

    /// <summary>
    /// A profile and port rendered for scan's usage analysis: from the snapshots scan does not make itself, so no stage
    /// reads its own earlier output (the usage snapshots only add the iterable types to the linker fragment).
    /// </summary>
    public GenerationResult RenderForUsageScan(string profile, string port) => Generation.Render(_loader.Load(profile, port, withUsage: false));

    /// <summary>The integration of a profile and port, checked as generate checks it, in the build cache (not extmod-out,
    /// which holds the committed default); an identical earlier rendering is left alone so make has nothing to redo.</summary>
    public string RenderIntoCache(string profile, string port, string cacheDir)
    {
        var result = Render(profile, port).Result;
        var dir = Path.Combine(cacheDir, $"zephyr_ble-{profile}-{port}");
        Generation.WriteIfChanged(result, dir);
        return dir;
    }
}
