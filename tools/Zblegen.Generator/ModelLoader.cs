using Zblegen.Core;
using Zblegen.Kconfig.Profiles;
using Zblegen.Scan;

namespace Zblegen.Generator;

/// <summary>Builds the generation model from the committed snapshots alone: no upstream tree is needed.</summary>
public sealed class ModelLoader
{
    private readonly RepoLayout _repo;
    private readonly TargetRegistry? _targets;

    /// <param name="targets">The ports to generate for; default bindings/build.json's (a test passes a changed copy).</param>
    public ModelLoader(RepoLayout repo, TargetRegistry? targets = null)
    {
        _repo = repo;
        _targets = targets;
    }

    /// <summary>The model of a profile and port; withUsage false leaves out what the usage snapshots add (the iterable
    /// types), for the stage that makes them.</summary>
    public GenerationModel Load(string profile, string port, bool withUsage = true)
    {
        var supported = SupportedUpstreams.Load(_repo);
        var zephyr = supported.ZephyrVersions[0];
        var micropython = supported.MicroPythonVersions[0];
        var modbluetooth = SnapshotJson.Deserialize<ModbluetoothSnapshot>(
            Require(Path.Combine(_repo.Snapshots, $"micropython-{micropython}", "modbluetooth.json"), "zblegen scan"));
        var zephyrDir = Path.Combine(_repo.Snapshots, $"zephyr-{zephyr}");
        // A port file exists only where the port's overlay changes the profile.
        var portFile = Path.Combine(zephyrDir, ProfileSnapshot.FileName(profile, port));
        var profileFile = File.Exists(portFile) ? portFile : Require(Path.Combine(zephyrDir, ProfileSnapshot.FileName(profile, null)),
            $"zblegen config --snapshot (known profiles: {string.Join(", ", KnownProfiles(zephyrDir))})");
        var snapshot = SnapshotJson.Deserialize<ProfileSnapshot>(profileFile);
        var config = new ProfileConfig(snapshot.Symbols, snapshot.Autoconf, snapshot.Sources.Select(s => s.Path).ToArray(), snapshot.IncludeDirs);
        var build = LoadBuild();
        var target = new TargetRegistry(build.Ports).Port(port);
        // Usage snapshots exist only where zblegen scan ran; the iterable types come from there.
        var usageFile = Path.Combine(zephyrDir, $"usage-{profile}-{port}.json");
        var iterables = withUsage && File.Exists(usageFile) ? SnapshotJson.Deserialize<Usage.UsageSnapshot>(usageFile).Iterables ?? Array.Empty<Usage.IterableSection>()
            : Array.Empty<Usage.IterableSection>();
        return new GenerationModel(profile, port, zephyr, micropython, modbluetooth, config, target, build.Zephyr, build.Micropython, iterables);
    }

    /// <summary>bindings/build.json, its ports read and checked as the <see cref="TargetRegistry"/> every other reader uses.</summary>
    public BuildDescription LoadBuild() =>
        SnapshotJson.Deserialize<BuildDescription>(TargetRegistry.PathIn(_repo)) with { Ports = (_targets ?? TargetRegistry.Load(_repo)).Ports };

    private static string Require(string path, string howToMake) =>
        File.Exists(path) ? path : throw new ZblegenException($"{path}: missing snapshot; make it with {howToMake} or restore bindings/snapshots from git");

    private static IEnumerable<string> KnownProfiles(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "profile-*.json").Select(Path.GetFileNameWithoutExtension).Select(n => n!["profile-".Length..]).Order(StringComparer.Ordinal)
            : Array.Empty<string>();
}
