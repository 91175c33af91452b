namespace Zblegen.Hal.Tests;

/// <summary>The HAL templates parse, need no model, and render to the C text they contain.</summary>
[TestFixture]
public class HalTemplateTests
{
    public static IEnumerable<TestCaseData> Templates() =>
        HalBuild.TemplateFiles.Select(p => new TestCaseData(p).SetName("Template." + Path.GetFileName(p)));

    [Test]
    public void TemplatesExist()
    {
        Assert.That(HalBuild.TemplateFiles.Select(Path.GetFileName), Does.Contain("zephyr_ble_hal.h.sbn"));
    }

    [TestCaseSource(nameof(Templates))]
    public void RendersToItselfWithoutAModel(string path)
    {
        var rendered = HalBuild.Render(path);
        Assert.That(rendered, Is.EqualTo(File.ReadAllText(path)));
    }

    [TestCaseSource(nameof(Templates))]
    public void OnlyStandardHeadersOrOurOwn(string path)
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
