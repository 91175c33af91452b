using Zblegen.Clang;
using Zblegen.Core;
using Zblegen.Kconfig.Profiles;

namespace Zblegen.Generator.Usage;

/// <summary>Runs the usage analysis for every profile and port and stages usage-PROFILE-PORT.json snapshots.</summary>
public sealed class UsageScan
{
    private readonly RepoLayout _repo;
    private readonly TextWriter _progress;

    public UsageScan(RepoLayout repo, TextWriter progress)
    {
        _repo = repo;
        _progress = progress;
    }

    public IReadOnlyList<UsageSnapshot> Run(UpstreamTree zephyr, UpstreamTree micropython, AtomicOutput output)
    {
        var pipeline = new IntegrationPipeline(_repo);
        var build = new ModelLoader(_repo).LoadBuild();
        using var index = new ClangIndex();
        var results = new List<UsageSnapshot>();
        foreach (var profile in ProfileLibrary.ForRepo(_repo).Profiles)
        {
            foreach (var port in build.Ports.Keys.Order(StringComparer.Ordinal))
            {
                var result = pipeline.RenderForUsageScan(profile, port);
                var compiler = TargetCompiler.For(result.Model.Target);
                var usage = new UsageScanner(index).Scan(result, zephyr, micropython, compiler);
                _progress.WriteLine($"  usage {profile}/{port}: {usage.Counts.Symbols} Zephyr symbols ({usage.Counts.Real} real headers, {usage.Counts.Shadow} shadow headers, {usage.Counts.Hal} HAL), {usage.Unprovided.Count} unprovided");
                output.Stage($"zephyr-{zephyr.Version}/usage-{profile}-{port}.json", SnapshotJson.Serialize(usage));
                results.Add(usage);
            }
        }
        return results;
    }
}
