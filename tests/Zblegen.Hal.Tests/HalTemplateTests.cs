namespace Zblegen.Hal.Tests;

/// <summary>The HAL is plain C under templates/ (copied into the output as it is) that includes only standard headers or its own.</summary>
[TestFixture]
public class HalTemplateTests
{
    public static IEnumerable<TestCaseData> HalFiles() =>
        HalBuild.HalFiles.Select(p => new TestCaseData(p).SetName("Hal_file_includes_only_standard_headers_or_its_own." + Path.GetFileName(p)));

    [Test]
    public void The_hal_is_plain_c_with_no_template_left()
    {
        var names = HalBuild.HalFiles.Select(Path.GetFileName).ToArray();
        Assert.That(names, Does.Contain("zephyr_ble_hal.h").And.Contain("zephyr_ble_work.c"));
        Assert.That(names.Where(n => n!.EndsWith(".sbn")), Is.Empty, "the HAL has no substitution; it is copied as plain C");
    }

    [TestCaseSource(nameof(HalFiles))]
    public void Hal_file_includes_only_standard_headers_or_its_own(string path)
    {
        var includes = File.ReadAllLines(path)
            .Where(l => l.TrimStart().StartsWith("#include", StringComparison.Ordinal))
            .Select(l => l.Trim());
        string[] allowed = ["<stdint.h>", "<stdbool.h>", "<stddef.h>", "<string.h>", "<errno.h>", "<limits.h>"];
        foreach (var inc in includes)
        {
            var target = inc["#include".Length..].Trim();
            var ok = allowed.Contains(target) || (target.StartsWith("\"zephyr_ble_", StringComparison.Ordinal));
            Assert.That(ok, Is.True, $"{Path.GetFileName(path)}: {inc}");
        }
    }
}
