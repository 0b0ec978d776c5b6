using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using Schane.Core.Runtime;
using Schane.Core.Tests.Runtime;
using Xunit.Abstractions;

namespace Schane.Cli.Tests;

/// <summary>
/// The packages as `./schane pack` writes them (the same `dotnet pack` of the solution's build, into a folder of these
/// tests' own), and a user outside the repository who takes them: a project of their own that adds our package from
/// that folder and a libtorch backend with `dotnet add package`, then trains a few steps with our loss in their own
/// loop; and the same loop as a .NET 10 file-based app that names the package by a directive.
/// <para>
/// The user's NuGet folder is a fresh one inside the test folder, with the build's NuGet cache (less Schane.*) as a
/// fallback folder: TorchSharp and the 600 MB libtorch come from the cache as they are (nothing is restored again),
/// while Schane.* are extracted from this run's packages only, so a copy of the same version cached by an earlier pack
/// (or by another checkout) cannot stand in for them, and the shared cache is left as it was.
/// </para>
/// </summary>
// Both pack Schane.* into artifacts/packages and evict its NuGet-cache copy: never at the same time.
[Collection("NuGet packages")]
public sealed class PackageTests(PackageTests.Feed feed, ITestOutputHelper log) : IClassFixture<PackageTests.Feed>
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(3);

    /// <summary>The backend a user adds beside our package (Directory.Packages.props pins the same).</summary>
    private const string Backend = "libtorch-cpu-linux-x64";

    private const string BackendVersion = "2.10.0";

    /// <summary>A TorchSharp user's own training loop; the only things of ours in it are the criterion and the setup step.</summary>
    private const string UserLoop = """
        using Schane.Core.Losses;
        using Schane.Core.Runtime;
        using TorchSharp;
        using static TorchSharp.torch;

        // Debian 12's libstdc++ lacks a version TorchSharp's native library asks for but never uses: mark it weak in this
        // app's copy before TorchSharp loads it (nothing to do where libstdc++ is newer; nothing written a second time).
        var setup = LibStdCxxCompatibility.ApplyToTorchSharp();
        Console.WriteLine($"setup={setup?.Outcome}");

        manual_seed(0);
        using var model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 8));
        using var optimizer = optim.AdamW(model.parameters(), lr: 0.01);
        using var criterion = new SCHaNeLoss().AsModule();
        using var x = randn(64, 16);       // 32 samples, two views each: rows i and i + 32
        using var y = arange(64) % 4;      // both views of a sample share its label
        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
            Console.WriteLine($"loss={loss.item<float>().ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        foreach (var path in File.ReadLines("/proc/self/maps").Where(l => l.EndsWith("/libLibTorchSharp.so")).Select(l => l[l.IndexOf('/')..]).Distinct())
            Console.WriteLine($"loaded={path}");
        """;

    [Fact]
    public void EachPackageCarriesItsMetadataReadmeLicenseAndSymbols()
    {
        Assert.Equal(["Schane.Core", "Schane.Experiments", "Schane.Scripting"], feed.Ids);
        var dependencies = new Dictionary<string, string[]>
        {
            // A library references TorchSharp only: the application picks the backend (no libtorch-* here).
            ["Schane.Core"] = ["TorchSharp", "TorchSharp.PyBridge"],
            ["Schane.Experiments"] = ["FSharp.Core", "Schane.Core", "ScottPlot", "SkiaSharp"], // charts: ScottPlot, and SkiaSharp called directly
            ["Schane.Scripting"] = ["Microsoft.CodeAnalysis.CSharp.Scripting", "Schane.Core", "Schane.Experiments"],
        };
        foreach (var id in feed.Ids)
        {
            using var package = ZipFile.OpenRead(feed.Package(id));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            var metadata = Nuspec(package, id);
            string Value(string name) => metadata.Element(metadata.Name.Namespace + name)?.Value ?? "";

            Assert.Equal((id, feed.Version), (Value("id"), Value("version")));
            Assert.Equal("Schane.Interactive developers", Value("authors"));
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("expression", metadata.Element(metadata.Name.Namespace + "license")!.Attribute("type")?.Value);
            Assert.Equal("README.md", Value("readme"));
            Assert.Contains("torchsharp", Value("tags").Split(' '));
            Assert.NotEmpty(Value("description"));
            Assert.Superset(new HashSet<string> { "README.md", "LICENSE", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml" }, entries);
            Assert.StartsWith($"# {id}\n", Read(package, "README.md"));

            var groups = metadata.Descendants(metadata.Name.Namespace + "group").ToList();
            Assert.Equal(["net10.0"], groups.Select(g => g.Attribute("targetFramework")?.Value));
            Assert.Equal(dependencies[id], groups[0].Elements().Select(d => d.Attribute("id")!.Value).Order(StringComparer.Ordinal));
            foreach (var ours in groups[0].Elements().Where(d => d.Attribute("id")!.Value.StartsWith("Schane.")))
                Assert.Equal(feed.Version, ours.Attribute("version")!.Value);

            using var symbols = ZipFile.OpenRead(Path.ChangeExtension(feed.Package(id), ".snupkg"));
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    [Fact]
    public void AUserProjectAddsThePackageAndABackendAndTrainsWithOurLoss()
    {
        var app = Directory.CreateDirectory(Path.Combine(feed.Root, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <!-- libtorch's 600 MB linked from the NuGet cache, not copied (the test's time is mostly that copy). -->
                <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), UserLoop);
        // The project's nuget.config lists the packages' folder, as `dotnet nuget add source DIR --configfile` writes it.
        File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig($"""<packageSources><add key="schane" value="{feed.Folder}" /></packageSources>"""));

        Succeeded(Sdk(app, "add", "package", "Schane.Core", "--version", feed.Version));
        Succeeded(Sdk(app, "add", "package", Backend, "--version", BackendVersion));
        Succeeded(Sdk(app, "build", "-nologo"));

        // Ours came from this run's packages into the user's NuGet folder; libtorch from the build's cache, untouched.
        Assert.True(File.Exists(Path.Combine(feed.UserPackages, "schane.core", feed.Version, $"schane.core.{feed.Version}.nupkg")));
        Assert.False(Directory.Exists(Path.Combine(feed.UserPackages, Backend)));
        var bin = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.Equal(File.ReadAllBytes(Path.Combine(feed.UserPackages, "schane.core", feed.Version, "lib", "net10.0", "Schane.Core.dll")),
            File.ReadAllBytes(Path.Combine(bin, "Schane.Core.dll")));

        // The copy TorchSharp ships, as a machine whose NuGet cache was never fixed gives it: the app's own setup step
        // makes it load (on a system whose libstdc++ lacks the version), and a second run has nothing left to write.
        var library = TorchSharpNativeCopies.NextTo(bin)!;
        File.Delete(library);   // a link to the cache's file: deleting it leaves the cache's copy alone
        PristineTorchSharp.ExtractTo(Path.GetDirectoryName(library)!);
        var first = Sdk(app, "run", "--no-build");
        var second = Sdk(app, "run", "--no-build");

        Trained(first, library, OlderLibStdCxx ? CompatibilityOutcome.Patched : CompatibilityOutcome.NothingToDo);
        Trained(second, library, OlderLibStdCxx ? CompatibilityOutcome.AlreadyPatched : CompatibilityOutcome.NothingToDo);
    }

    [Fact]
    public void AFileBasedAppNamesAPackageAndItsSourceByDirectives()
    {
        var folder = Directory.CreateDirectory(Path.Combine(feed.Root, "script")).FullName;
        var script = Path.Combine(folder, "loop.cs");
        File.WriteAllText(script, $"""
            #:package Schane.Experiments@{feed.Version}
            #:package {Backend}@{BackendVersion}
            #:property RestoreAdditionalProjectSources={feed.Folder}
            #:property PublishAot=false
            #:property CreateHardLinksForCopyLocalIfPossible=true
            {UserLoop}
            Console.WriteLine("experiments=" + Schane.Experiments.Markdown.percent(2, 0.5));
            """);

        var run = Sdk(folder, "run", "--artifacts-path", Path.Combine(feed.Root, "script-build"), script);
        Succeeded(run);

        // Its output folder's copy is the build cache's, which ./schane setup fixed on such a system.
        var library = TorchSharpNativeCopies.Under(Path.Combine(feed.Root, "script-build")).Single(p => p.Contains("runtimes"));
        Trained(run, library, OlderLibStdCxx ? CompatibilityOutcome.AlreadyPatched : CompatibilityOutcome.NothingToDo);
        // Schane.Experiments brought Schane.Core (and FSharp.Core) with it.
        Assert.Equal(["50.00%"], run.Values("experiments="));
        Assert.True(Directory.Exists(Path.Combine(feed.UserPackages, "schane.core", feed.Version)));
    }

    // Each command's time goes to the test's output (the restore times in the report come from there).
    private Dotnet.Result Sdk(string folder, params string[] args)
    {
        var result = feed.Run(folder, args);
        log.WriteLine($"{result.Elapsed.TotalSeconds,6:F1} s  dotnet {string.Join(' ', args)}");
        return result;
    }

    private static bool OlderLibStdCxx => !LibStdCxx.FindOnSystem().Versions.Contains("GLIBCXX_3.4.32");

    private static void Succeeded(Dotnet.Result result) => Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}");

    // Five steps with a finite, falling loss, TorchSharp's native library loaded from the app's own output folder.
    private static void Trained(Dotnet.Result run, string library, CompatibilityOutcome setup)
    {
        Succeeded(run);
        Assert.Equal([setup.ToString()], run.Values("setup="));
        var losses = run.Values("loss=").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5, losses.Length);
        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(losses[^1] < losses[0], $"the loss went from {losses[0]} to {losses[^1]}");
        Assert.Equal([library], run.Values("loaded="));
    }

    private static string NuGetConfig(string settings) =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n{settings}\n</configuration>\n";

    private static XElement Nuspec(ZipArchive package, string id) =>
        XDocument.Parse(Read(package, $"{id}.nuspec")).Root!.Elements().First(e => e.Name.LocalName == "metadata");

    private static string Read(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The packages of this build, packed once for the class, and the user's side: a folder outside the repository
    /// whose nuget.config lists no package source (each test names ours), a NuGet folder of its own and the build's
    /// cache (less Schane.*) as the fallback.
    /// </summary>
    public sealed class Feed : IDisposable
    {
        private readonly TempDir dir = new();

        public Feed()
        {
            Version = XDocument.Load(Path.Combine(Dotnet.RepositoryRoot, "Directory.Build.props"))
                .Descendants("Version").Single().Value;
            // The build's NuGet cache without Schane.*: a fallback folder wins over the package sources, so a Schane.Core
            // of the same version that another pack or checkout left there would stand in for this run's.
            Directory.CreateDirectory(BuildCache);
            foreach (var package in Directory.EnumerateDirectories(TorchSharpNativeCopies.NuGetPackagesFolder()))
                if (!Path.GetFileName(package).StartsWith("schane.", StringComparison.OrdinalIgnoreCase))
                    Directory.CreateSymbolicLink(Path.Combine(BuildCache, Path.GetFileName(package)), package);
            // Nothing above the test folder (it is under /tmp) may change the user's build.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(Root, "nuget.config"), NuGetConfig($"""
                <config><add key="globalPackagesFolder" value="{UserPackages}" /></config>
                <packageSources><clear /></packageSources>
                <fallbackPackageFolders><clear /><add key="build" value="{BuildCache}" /></fallbackPackageFolders>
                """));
            var pack = Dotnet.Run(Dotnet.RepositoryRoot, Step, null,
                "pack", "Schane.Interactive.sln", "-c", Dotnet.Configuration, "--no-build", "-nologo", "-o", Folder,
                // As ./schane pack: nothing written under src/ (obj/), which would make the next ./schane rebuild.
                $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec")}/");
            if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack failed ({pack.ExitCode}):\n{pack.Output}");
            Ids = Directory.GetFiles(Folder, $"*.{Version}.nupkg").Select(p => Path.GetFileName(p)[..^$".{Version}.nupkg".Length])
                .Order(StringComparer.Ordinal).ToArray();
        }

        /// <summary>The version every package has (Directory.Build.props).</summary>
        public string Version { get; }

        /// <summary>The ids packed, in order.</summary>
        public string[] Ids { get; }

        /// <summary>The test's folder, outside the repository.</summary>
        public string Root => dir.Path;

        /// <summary>Where the packages are, as artifacts/packages is for `./schane pack`.</summary>
        public string Folder => Path.Combine(Root, "feed");

        /// <summary>The build's NuGet cache, less Schane.*, as links: the user's fallback folder.</summary>
        public string BuildCache => Path.Combine(Root, "build-cache");

        /// <summary>The user's NuGet global packages folder.</summary>
        public string UserPackages => Path.Combine(Root, "packages");

        public string Package(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

        /// <summary>`dotnet ARGS` in <paramref name="folder"/> as the user: their nuget.config, not NUGET_PACKAGES.</summary>
        internal Dotnet.Result Run(string folder, params string[] args) =>
            Dotnet.Run(folder, Step, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = null, ["NUGET_FALLBACK_PACKAGES"] = null }, args);

        public void Dispose() => dir.Dispose();
    }
}
