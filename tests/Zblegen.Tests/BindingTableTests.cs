using Zblegen.Core;
using Zblegen.Generator;
using Zblegen.Generator.Usage;

namespace Zblegen.Tests;

[TestFixture]
public class BindingTableTests
{
    private static BindingTable Table => BindingTable.Load(TestPaths.Repo);
    private static TemplateSet Templates => TemplateSet.Load(TestPaths.Repo.Templates);

    [Test]
    public void The_committed_table_agrees_with_the_templates_and_every_usage_snapshot()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Repo.Snapshots, "zephyr-4.1.0"), "usage-*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
            Assert.That(Table.Problems(Templates, SnapshotJson.Deserialize<UsageSnapshot>(file)), Is.Empty, file);
    }

    [Test]
    public void A_shadow_template_without_an_entry_is_reported()
    {
        var headers = Table.Headers.Where(h => h.Key != "soc.h").ToDictionary(h => h.Key, h => h.Value);
        var problems = (Table with { Headers = headers }).Problems(Templates, null);
        Assert.That(problems, Is.EqualTo(new[] { "templates/zephyr_ble/include/soc.h shadows soc.h, but the table does not say 'shadow' for it" }));
    }

    [Test]
    public void A_shadow_entry_without_a_template_is_reported()
    {
        var headers = new Dictionary<string, HeaderBinding>(Table.Headers) { ["zephyr/irq.h"] = new("shadow", "test") };
        var problems = (Table with { Headers = headers }).Problems(Templates, null);
        Assert.That(problems, Is.EqualTo(new[] { "zephyr/irq.h is a shadow in the table, but templates/zephyr_ble/include/zephyr/irq.h (or zephyr/irq.h.sbn) is missing" }));
    }

    [Test]
    public void A_header_the_host_starts_using_needs_a_decision()
    {
        var usage = new UsageSnapshot("4.1.0", "gatt", "unix", new UsageCounts(1, 1, 0, 0, 1),
            new[] { new SymbolUse("sys_rand32_get", "function", "real", "zephyr/random/random.h", new[] { "subsys/bluetooth/host/id.c" }) },
            Array.Empty<UnprovidedUse>(), Array.Empty<IterableSection>());
        var problems = Table.Problems(Templates, usage);
        Assert.That(problems, Is.EqualTo(new[] { "zephyr/random/random.h (real) is used by the host (sys_rand32_get) but has no entry" }));
        var e = Assert.Throws<ZblegenException>(() => Table.Check(TestPaths.Repo, Templates, usage))!;
        Assert.That(e.Message, Does.Contain("zephyr-headers.json: zephyr/random/random.h (real) is used"));
    }

    [Test]
    public void A_provider_that_disagrees_with_the_scan_is_reported()
    {
        var usage = new UsageSnapshot("4.1.0", "gatt", "unix", new UsageCounts(1, 1, 0, 0, 1),
            new[] { new SymbolUse("k_work_submit", "function", "real", "zephyr/kernel.h", new[] { "x.c" }) }, Array.Empty<UnprovidedUse>(), Array.Empty<IterableSection>());
        Assert.That(Table.Problems(Templates, usage), Is.EqualTo(new[] { "zephyr/kernel.h is 'shadow' in the table but the usage scan found it 'real'" }));
    }
}
