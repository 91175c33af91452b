using Zblegen.Core;
using Zblegen.Generator.Usage;

namespace Zblegen.Generator;

public sealed record HeaderBinding(string Provider, string Why);

/// <summary>
/// bindings/zephyr-headers.json: for each Zephyr header the host uses, who provides it. Checked
/// against the templates (a shadow needs one, a template needs a reason) and the usage snapshot
/// (a header the host starts using needs a decision before anything is generated).
/// </summary>
public sealed record BindingTable(string Comment, IReadOnlyDictionary<string, HeaderBinding> Headers)
{
    public const string FileName = "zephyr-headers.json";

    /// <summary>Headers under include/ that are configuration, not providers.</summary>
    private static readonly string[] NotBindings = { "zephyr/autoconf.h", "zephyr_ble_target.h", "zephyr_ble_mbedtls.h" };

    public static BindingTable Load(RepoLayout repo) => SnapshotJson.Deserialize<BindingTable>(Path.Combine(repo.Bindings, FileName));

    /// <summary>Every disagreement between the table, the templates and the usage snapshot, as lines to print.</summary>
    public IReadOnlyList<string> Problems(TemplateSet templates, UsageSnapshot? usage)
    {
        var problems = new List<string>();
        var shadowTemplates = templates.Files
            .Where(f => f.Output.StartsWith("zephyr_ble/include/"))
            .Where(f => !NotBindings.Contains(f.Output["zephyr_ble/include/".Length..]))
            .ToDictionary(f => f.Output["zephyr_ble/include/".Length..], f => f.Name, StringComparer.Ordinal);
        foreach (var (header, file) in shadowTemplates.OrderBy(h => h.Key, StringComparer.Ordinal))
            if (!Headers.TryGetValue(header, out var b) || b.Provider != "shadow")
                problems.Add($"templates/{file} shadows {header}, but the table does not say 'shadow' for it");
        foreach (var (header, b) in Headers.Where(h => h.Value.Provider == "shadow").OrderBy(h => h.Key, StringComparer.Ordinal))
            if (!shadowTemplates.ContainsKey(header))
                problems.Add($"{header} is a shadow in the table, but templates/zephyr_ble/include/{header} (or {header}{TemplateSet.Suffix}) is missing");
        foreach (var (header, b) in Headers.Where(h => h.Value.Provider is not ("real" or "shadow" or "hal")))
            problems.Add($"{header}: provider '{b.Provider}' is none of real, shadow, hal");
        if (usage != null)
        {
            foreach (var used in usage.Symbols.GroupBy(s => (s.Header, s.Provider)).OrderBy(g => g.Key.Header, StringComparer.Ordinal))
            {
                if (!Headers.TryGetValue(used.Key.Header, out var b))
                    problems.Add($"{used.Key.Header} ({used.Key.Provider}) is used by the host ({string.Join(", ", used.Select(s => s.Name).Take(4))}) but has no entry");
                else if (b.Provider != used.Key.Provider)
                    problems.Add($"{used.Key.Header} is '{b.Provider}' in the table but the usage scan found it '{used.Key.Provider}'");
            }
        }
        return problems;
    }

    /// <summary>Throws one line naming the file and the first problems, when there are any.</summary>
    public void Check(RepoLayout repo, TemplateSet templates, UsageSnapshot? usage)
    {
        var problems = Problems(templates, usage);
        if (problems.Count > 0)
        {
            var more = problems.Count > 3 ? $" (and {problems.Count - 3} more)" : "";
            throw new ZblegenException($"{Path.Combine(repo.Bindings, FileName)}: {string.Join("; ", problems.Take(3))}{more}; decide who provides each header and update the table or the templates");
        }
    }
}
