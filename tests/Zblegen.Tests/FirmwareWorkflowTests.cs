using Zblegen.Core;

namespace Zblegen.Tests;

/// <summary>
/// The firmware workflow (.github/workflows/firmware.yml) and the script it calls (.ci/firmware), which runs the
/// same here with the trees present (--no-clone).
/// </summary>
[TestFixture]
[NonParallelizable]
public class FirmwareWorkflowTests
{
    private static string Workflow => Path.Combine(TestPaths.Repo.Root, ".github", "workflows", "firmware.yml");
    private static string Script => Path.Combine(TestPaths.Repo.Root, ".ci", "firmware");

    private static ProcessResult Run(string file, params string[] args) =>
        ProcessRunner.TryRun(file, args) ?? throw new InvalidOperationException($"cannot start {file}");

    [Test]
    public void The_workflow_passes_the_action_validator_linter()
    {
        if (!TestPaths.OnPath("action-validator"))
            Assert.Ignore("needs action-validator on PATH (npm install --prefix DIR @action-validator/cli; DIR/node_modules/.bin)");
        var r = Run("action-validator", Workflow);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Output);
    }

    [Test]
    public void The_workflow_does_its_work_through_the_script()
    {
        var text = File.ReadAllText(Workflow);
        Assert.That(text, Does.Contain("run: .ci/firmware"));
        Assert.That(text, Does.Contain("actions/upload-artifact"));
    }

    [Test]
    public void An_unknown_option_of_the_script_is_one_line_and_exit_2()
    {
        var r = Run(Script, "--nosuch");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr.TrimEnd('\n').Split('\n'), Is.EqualTo(new[] { "firmware: unknown option --nosuch; use --no-clone, --no-tests, --out DIR or --upstream DIR" }));
    }

    /// <summary>Builds every firmware board stock and with the Zephyr host: as long as BoardFirmwareTests, less with a warm build cache.</summary>
    [Test]
    [Category("Tree")]
    public void With_the_trees_present_the_script_builds_every_board_image_and_the_size_table()
    {
        var boards = TargetRegistry.Load(TestPaths.Repo).Ports.Values.Where(p => p.IsFirmware).ToList();
        foreach (var tool in boards.Select(b => b.Compiler).Append("cmake").Distinct())
            TestPaths.ToolOrIgnore(tool);
        var micropython = TestPaths.RealTreeOrIgnore(TreeKind.MicroPython);
        var zephyr = TestPaths.RealTreeOrIgnore(TreeKind.Zephyr);
        var upstream = Path.GetDirectoryName(micropython.Root)!;
        if (Path.GetFullPath(zephyr.Root) != Path.GetFullPath(Path.Combine(upstream, "zephyrproject", "zephyr")))
            Assert.Ignore($"needs the trees laid out as checkout.sh does: {zephyr.Root} is not beside {micropython.Root}");
        var outDir = TestPaths.NewTempDir();
        var r = Run(Script, "--no-clone", "--no-tests", "--upstream", upstream, "--out", outDir);
        TestContext.Out.WriteLine(r.Output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var sizes = File.ReadAllText(Path.Combine(outDir, "sizes.md"));
        foreach (var b in boards)
        {
            Assert.That(File.Exists(Path.Combine(outDir, $"{b.Board}-zephyr{Path.GetExtension(b.ImageFile)}")), $"{b.Board}'s image");
            Assert.That(sizes, Does.Contain($"## {b.Board}").And.Contain("static RAM"));
        }
    }
}
