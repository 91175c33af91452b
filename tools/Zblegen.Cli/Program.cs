using System.CommandLine;
using Zblegen.Cli.Commands;
using Zblegen.Core;

namespace Zblegen.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one invocation; tests call this with their own writers.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("zblegen: the Zephyr BLE host for MicroPython, generated and emulated");
        // One line per verb; each verb lives in Commands/<Verb>Command.cs.
        root.Subcommands.Add(DoctorCommand.Create(stdout));
        root.Subcommands.Add(ScanCommand.Create(stdout));
        root.Subcommands.Add(GenerateCommand.Create(stdout));
        root.Subcommands.Add(EmulateCommand.Create(stdout));
        root.Subcommands.Add(MultitestCommand.Create(stdout));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(BuildCommand.Create(stdout));
        root.Subcommands.Add(ConfigCommand.Create(stdout));
        try
        {
            var parse = root.Parse(args);
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (ZblegenException e)
        {
            stderr.WriteLine($"zblegen: {e.Message}");
            return e.ExitCode;
        }
    }
}
