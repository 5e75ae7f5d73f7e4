using Kiln.Core;
using Spectre.Console.Cli;

namespace Kiln.Cli;

/// <summary>0 done, 1 failed, 2 bad input, 130 cancelled. Bad input never shows a stack trace.</summary>
public static class ExitCodes
{
    public const int Ok = 0, Failed = 1, BadInput = 2, Cancelled = 130;

    public static async Task<int> RunAsync(Func<Task<int>> run)
    {
        try { return await run(); }
        catch (KilnInputException e)
        {
            foreach (var p in e.Problems) Console.Error.WriteLine($"kiln: {p}");
            return BadInput;
        }
        catch (CommandParseException e) { return Usage(e.Message); }
        catch (CommandRuntimeException e) { return Usage(e.Message); }
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
