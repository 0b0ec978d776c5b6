using System.Text.Json.Nodes;
using Schane.Interactive.Documents;

namespace Schane.Interactive.Tests.Documents;

/// <summary>Checks against Jupyter's own nbformat (tests/reference/nbformat_check.py under Debian's python3).</summary>
public class NbformatOracleTests
{
    [Fact]
    public void Notebooks_nbformat_wrote_read_as_nbformat_reads_them()
    {
        using var dir = new TempDir();
        var made = JsonNode.Parse(Python.Run("nbformat_check.py", "make", dir.Path))!.AsArray();
        Assert.Equal(2, made.Count);

        foreach (var description in made)
            TestNotebooks.AssertMatchesNbformat(IpynbFormat.Read((string)description!["path"]!), description);

        var plain = IpynbFormat.Read(dir.File("made.ipynb"));
        Assert.Equal("csharp", plain.DefaultLanguage);
        Assert.Equal(["markdown", "csharp", "fsharp", "csharp", "raw"], plain.Cells.Select(c => c.Language));
        Assert.Equal("#!fsharp\nlet y = 2", plain.Cells[3].Source);
        Assert.Equal("fsharp", IpynbFormat.Read(dir.File("made-fsharp.ipynb")).DefaultLanguage);
    }

    [Fact]
    public void What_we_write_is_valid_nbformat_4_5_laid_out_as_Jupyter_writes_it()
    {
        using var dir = new TempDir();
        Python.Run("nbformat_check.py", "make", dir.Path);
        var sources = new (string Name, Notebook Notebook)[]
        {
            ("in-memory", TestNotebooks.InMemory()),
            ("polyglot", IpynbFormat.Read(TestNotebooks.Sample("polyglot.ipynb"))),
            ("dotnet-interactive", IpynbFormat.Read(TestNotebooks.Sample("dotnet-interactive-fsharp.ipynb"))),
            ("dib", DibFormat.Read(TestNotebooks.Sample("mixed.dib"))),
            ("nbformat-made", IpynbFormat.Read(dir.File("made.ipynb"))),
            ("nbformat-made-fsharp", IpynbFormat.Read(dir.File("made-fsharp.ipynb"))),
            ("empty", new Notebook()),
        };
        var paths = sources.Select(s => dir.File($"ours-{s.Name}.ipynb")).ToArray();
        for (var i = 0; i < sources.Length; i++) IpynbFormat.Write(sources[i].Notebook, paths[i]);

        var checks = JsonNode.Parse(Python.Run("nbformat_check.py", ["check", .. paths]))!.AsArray();

        Assert.Equal(sources.Length, checks.Count);
        for (var i = 0; i < sources.Length; i++)
        {
            var check = checks[i]!;
            Assert.True((bool)check["identical"]!, $"{sources[i].Name}: nbformat.writes lays it out differently");
            var written = IpynbFormat.Read(paths[i]);
            TestNotebooks.AssertMatchesNbformat(written, check);
            // And nothing was lost on the way: what we read back is what we wrote.
            TestNotebooks.AssertSameCells(WithIds(sources[i].Notebook, written), written, metadata: false);
        }
    }

    // Cells that had no id get theirs on write; everything else must come back as it was.
    private static Notebook WithIds(Notebook notebook, Notebook written)
    {
        for (var i = 0; i < notebook.Cells.Count; i++)
            if (notebook.Cells[i].Id == "") notebook.Cells[i].Id = written.Cells[i].Id;
        return notebook;
    }
}
