using Zblegen.Core;
using Zblegen.Kconfig.Evaluation;
using Zblegen.Kconfig.Output;
using Zblegen.Kconfig.Zephyr;

namespace Zblegen.Kconfig.Profiles;

/// <summary>The outcome of evaluating Zephyr's Kconfig for a profile: values, the two output files, and what was not honoured.</summary>
public sealed record ProfileResult(Evaluation.Evaluation Evaluation, string Autoconf, string DotConfig, IReadOnlyList<Assignment> Requested, IReadOnlyList<string> NotHonoured);

/// <summary>Evaluates a Zephyr Kconfig tree with a list of fragments, the way Zephyr's build merges CONF_FILE fragments.</summary>
public static class ProfileEvaluation
{
    public static ProfileResult Run(KconfigTree tree, IReadOnlyList<FragmentFile> fragments)
    {
        var ev = new Evaluation.Evaluation(tree);
        var requested = new List<Assignment>();
        foreach (var f in fragments)
        {
            var fragment = ConfigFragment.Load(f.Path, f.DisplayName);
            if (fragment.Problems.Count > 0)
                throw new ZblegenException(fragment.Problems[0]);
            var rejected = fragment.ApplyTo(ev);
            if (rejected.Count > 0)
                throw new ZblegenException(rejected[0]);
            requested.AddRange(fragment.Assignments);
        }
        // Only the last assignment of each symbol counts, as in a merged .config.
        var last = requested.GroupBy(a => a.Name).Select(g => g.Last()).OrderBy(a => requested.IndexOf(a)).ToList();
        var explainer = new Explainer(ev);
        var notHonoured = last.Select(explainer.Explain).OfType<string>().ToList();
        return new ProfileResult(ev, ConfigWriters.Autoconf(ev), ConfigWriters.DotConfig(ev), last, notHonoured);
    }
}
