using RnnCodegen.Tests.Serialization;

namespace RnnCodegen.Tests;

/// <summary>
/// The entry point when a test starts this assembly as a child process (<see cref="ChildProcess"/>); the test runner
/// loads the assembly as a library and never calls it.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) => args switch
    {
        ["save-forever", string path] => KilledSaveTests.SaveForever(path),
        ["wait"] => Wait(),
        _ => 2,
    };

    /// <summary>Runs until its standard input closes or it is killed: a live process whose id a test can use.</summary>
    private static int Wait()
    {
        Console.WriteLine("ready");
        Console.In.ReadToEnd();
        return 0;
    }
}
