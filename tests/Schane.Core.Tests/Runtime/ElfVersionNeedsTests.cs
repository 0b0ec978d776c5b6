using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>Reading the symbol versions of the real libLibTorchSharp.so and libstdc++.so.6 (compare `readelf -V`, `objdump -T`).</summary>
public class ElfVersionNeedsTests
{
    [Fact]
    public void ListsTorchSharpsLibStdCxxNeedsWithTheMarkerNotWeak()
    {
        using var scratch = new TempDir();
        var elf = ElfSharedObject.Read(PristineTorchSharp.ExtractTo(scratch.Path));

        // readelf -V: 5 libraries; libstdc++.so.6 with 20 versions, among them GLIBCXX_3.4.32 (index 18).
        Assert.Equal(["ld-linux-x86-64.so.2", "libm.so.6", "libgcc_s.so.1", "libc.so.6", "libstdc++.so.6"],
            elf.VersionNeeds.Select(n => n.File).Distinct());
        Assert.Equal(20, elf.VersionNeeds.Count(n => n.File == "libstdc++.so.6"));
        Assert.All(elf.VersionNeeds, n => Assert.False(n.IsWeak));
        var marker = Assert.Single(elf.VersionNeeds, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", marker.File);
        Assert.Equal(18, marker.Index);

        // objdump -T: one symbol of that version, and readelf -r: no relocation against it.
        Assert.Equal(["_ZSt21ios_base_library_initv"], elf.SymbolsOf(marker));
        Assert.Empty(elf.RelocatedSymbolsOf(marker));
        var used = Assert.Single(elf.VersionNeeds, n => n.Version == "GLIBCXX_3.4.30");
        Assert.NotEmpty(elf.RelocatedSymbolsOf(used));
    }

    [Fact]
    public void ReadsTheVersionsTheSystemLibStdCxxDefines()
    {
        var system = LibStdCxx.FindOnSystem();

        Assert.True(File.Exists(system.Path));
        Assert.Contains("GLIBCXX_3.4", system.Versions);
        Assert.Contains("CXXABI_1.3", system.Versions);
        Assert.DoesNotContain("libstdc++.so.6", system.Versions);  // the base entry is the soname, not a version
        // Debian 12's libstdc++ (GCC 12) ends there; a newer one keeps every older version.
        Assert.Contains("GLIBCXX_3.4.30", system.Versions);
    }

    [Fact]
    public void OrdersVersionsNumberByNumber()
    {
        Assert.Equal("GLIBCXX_3.4.30", LibStdCxxVersionName.Newest(["GLIBCXX_3.4.9", "GLIBCXX_3.4.30", "GLIBCXX_3.4", "CXXABI_1.3.99"], "GLIBCXX_3.4.32"));
        Assert.Equal("CXXABI_1.3.13", LibStdCxxVersionName.Newest(["CXXABI_1.3.9", "CXXABI_1.3.13", "GLIBCXX_3.4.30"], "CXXABI_"));
        Assert.Null(LibStdCxxVersionName.Newest(["GLIBC_2.34"], "GLIBCXX_"));
        Assert.True(LibStdCxxVersionName.IsLibStdCxx("CXXABI_1.3.15"));
        Assert.False(LibStdCxxVersionName.IsLibStdCxx("GLIBC_2.34"));
    }

    [Fact]
    public void TakesThe64BitLibStdCxxFromTheLoaderCache()
    {
        const string listing = """
            1234 libs found in cache `/etc/ld.so.cache'
            	libstdc++.so.6 (libc6) => /usr/lib/i386-linux-gnu/libstdc++.so.6
            	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6
            	libstdc++fs.so (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++fs.so
            """;

        Assert.Equal("/lib/x86_64-linux-gnu/libstdc++.so.6", LibStdCxxLocator.FromLoaderCache(listing, System.Runtime.InteropServices.Architecture.X64));
        Assert.Null(LibStdCxxLocator.FromLoaderCache("0 libs found", System.Runtime.InteropServices.Architecture.X64));
    }
}
