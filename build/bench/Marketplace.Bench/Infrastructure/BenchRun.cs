using System.Globalization;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// Where one run of the benchmarks keeps its files: a temp folder with one data folder per marketplace (SQLite file,
/// key-ring certificate) and the app's output as <c>&lt;name&gt;-app.log</c>. Data folders are deleted at the end unless
/// <c>BENCH_KEEP_DATA=1</c>; the logs stay.
/// </summary>
internal sealed class BenchRun
{
    private BenchRun(string folder, string repositoryRoot, string configuration)
    {
        Folder = folder;
        RepositoryRoot = repositoryRoot;
        Configuration = configuration;
    }

    public string Folder { get; }

    public string RepositoryRoot { get; }

    /// <summary>The build configuration of this program (<c>…/bin/&lt;Configuration&gt;/net10.0/</c>): the apps' output of the same one is started.</summary>
    public string Configuration { get; }

    public static bool KeepData => Environment.GetEnvironmentVariable("BENCH_KEEP_DATA") == "1";

    public static BenchRun Create()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Marketplace.sln")))
        {
            root = root.Parent;
        }

        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"marketplace-bench-{stamp}")).FullName;
        return new BenchRun(
            folder,
            root?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the bench's output"),
            output.Parent!.Name);
    }

    public string DataDirectory(string name) => Directory.CreateDirectory(Path.Combine(Folder, "data", name)).FullName;

    public string LogFile(string name) => Path.Combine(Folder, name + "-app.log");

    /// <summary>The build output dll of a project of this repository, e.g. <c>build/bench/EmptyApp</c>.</summary>
    public string OutputDll(string projectFolder, string assemblyName)
    {
        var dll = Path.Combine(RepositoryRoot, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {projectFolder} ({Configuration}) first.", dll);
    }

    public void Clean()
    {
        if (KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(Path.Combine(Folder, "data"), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was written
        }
        catch (IOException)
        {
            // a file still held open stays in the temp folder
        }
    }
}
