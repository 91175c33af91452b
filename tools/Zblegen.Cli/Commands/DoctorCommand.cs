using System.CommandLine;

namespace Zblegen.Cli.Commands;

internal static class DoctorCommand
{
    public static Command Create(TextWriter stdout)
    {
        var cmd = new Command("doctor", "Check every prerequisite and say how to fix what is missing");
        cmd.SetAction(_ => 0);
        return cmd;
    }
}
