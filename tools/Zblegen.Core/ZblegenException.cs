namespace Zblegen.Core;

/// <summary>
/// A failure the user can fix. The CLI prints <see cref="Exception.Message"/> as one line
/// (file:line: problem; fix) and exits with <see cref="ExitCode"/>.
/// </summary>
public class ZblegenException : Exception
{
    public const int UsageOrInputError = 2;

    public ZblegenException(string message, int exitCode = UsageOrInputError) : base(message) => ExitCode = exitCode;

    public ZblegenException(string message, Exception inner, int exitCode = UsageOrInputError) : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }
}
