namespace Zblegen.Hal.Tests;

/// <summary>Each C test case of the HAL as its own NUnit test.</summary>
[TestFixture]
public class HalCTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        HalBuild.Programs.SelectMany(p => HalBuild.CasesOf(p).Select(c =>
            new TestCaseData(p.Name, c).SetName($"{p.Name}.{c}")));

    [TestCaseSource(nameof(Cases))]
    public void C(string program, string testCase)
    {
        var result = HalBuild.Result(HalBuild.Programs.Single(p => p.Name == program));
        if (result.BuildError != null)
        {
            Assert.Fail(result.BuildError);
        }
        if (!result.Lines.TryGetValue(testCase, out var line))
        {
            Assert.Fail($"{program} printed no result for {testCase} (exit {result.ExitCode}).\n"
                + $"stdout:\n{Tail(result.Stdout)}\nstderr:\n{Tail(result.Stderr)}");
        }
        Assert.That(line, Does.StartWith("PASS "), line);
    }

    [TestCaseSource(typeof(HalBuild), nameof(HalBuild.Programs))]
    public void Program_runs_every_declared_case_and_exits_cleanly(CProgram program)
    {
        var result = HalBuild.Result(program);
        Assert.That(result.BuildError, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), Tail(result.Stderr));
            Assert.That(result.Lines.Keys, Is.EquivalentTo(HalBuild.CasesOf(program)));
            Assert.That(result.Stdout, Does.Contain("DONE "));
        });
    }

    private static string Tail(string s) => s.Length <= 4000 ? s : s[^4000..];
}
