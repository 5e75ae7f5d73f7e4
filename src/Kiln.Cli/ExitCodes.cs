using Kiln.Core;
using Spectre.Console.Cli;

namespace Kiln.Cli;

/// <summary>0 done, 1 failed, 2 bad input, 130 cancelled. Bad input never shows a stack trace.</summary>
public static class ExitCodes
{
    public const int Ok = 0, Failed = 1, BadInput = 2, Cancelled = 130;

    /// <param name="args">The command line, to name the option whose value did not convert.</param>
    public static async Task<int> RunAsync(Func<Task<int>> run, IReadOnlyList<string>? args = null)
    {
        try { return await run(); }
        catch (KilnInputException e)
        {
            foreach (var p in e.Problems) Console.Error.WriteLine($"kiln: {p}");
            return BadInput;
        }
        catch (CommandParseException e) { return Usage(UsageMessages.Clarify(e.Message, args ?? [])); }
        catch (CommandRuntimeException e) { return Usage(UsageMessages.Clarify(e.Message, args ?? [])); }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("kiln: cancelled");
            return Cancelled;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"kiln: {e.Message}");
            return Failed;
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"kiln: {message} (see `kiln --help`)");
        return BadInput;
    }
}
