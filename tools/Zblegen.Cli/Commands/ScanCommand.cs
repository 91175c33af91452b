using System.CommandLine;

namespace Zblegen.Cli.Commands;

internal static class ScanCommand
{
    public static Command Create(TextWriter stdout)
    {
        var cmd = new Command("scan", "Scan the upstream trees into bindings/snapshots");
        cmd.SetAction(_ => 0);
        return cmd;
    }
}
