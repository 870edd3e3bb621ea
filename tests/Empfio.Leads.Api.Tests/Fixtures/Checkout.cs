namespace Empfio.Leads.Api.Tests.Fixtures;

public static class Checkout
{
    // The checkout the tests were built from.
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Empfio.Leads.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Empfio.Leads.sln not found above the test output.");
    }
}
