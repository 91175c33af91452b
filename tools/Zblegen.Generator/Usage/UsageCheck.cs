using Zblegen.Core;

namespace Zblegen.Generator.Usage;

/// <summary>Generation refuses a profile whose host uses Zephyr symbols nothing provides.</summary>
public static class UsageCheck
{
    /// <summary>The usage snapshot of the model's profile and port, or null when none was scanned; throws when it lists unprovided uses.</summary>
    public static UsageSnapshot? Load(RepoLayout repo, GenerationModel model)
    {
        var path = Path.Combine(repo.Snapshots, $"zephyr-{model.ZephyrVersion}", $"usage-{model.Profile}-{model.Port}.json");
        if (!File.Exists(path))
            return null;
        var usage = SnapshotJson.Deserialize<UsageSnapshot>(path);
        if (usage.Unprovided.Count > 0)
        {
            var list = string.Join("; ", usage.Unprovided.Take(5).Select(u => $"{u.Where}: {u.Message}"));
            var more = usage.Unprovided.Count > 5 ? $" and {usage.Unprovided.Count - 5} more" : "";
            throw new ZblegenException($"{path}: {usage.Unprovided.Count} Zephyr uses have no provider ({list}{more}); add them to the HAL or a shadow template, then run zblegen scan");
        }
        return usage;
    }
}
