using Schane.Interactive.Documents;

namespace Schane.Interactive.Tests.Documents;

public class NotebookFileTests
{
    [Fact]
    public void Read_and_write_choose_the_format_by_extension()
    {
        using var dir = new TempDir();
        var notebook = IpynbFormat.Read(TestNotebooks.Sample("polyglot.ipynb"));

        NotebookFile.Write(notebook, dir.File("a.IPYNB"));
        NotebookFile.Write(notebook, dir.File("a.dib"));

        Assert.StartsWith("{\n \"cells\": [", File.ReadAllText(dir.File("a.IPYNB")));
        Assert.StartsWith("#!meta\n", File.ReadAllText(dir.File("a.dib")));
        Assert.Equal(notebook.Cells.Count, NotebookFile.Read(dir.File("a.IPYNB")).Cells.Count);
        Assert.Equal(dir.File("a.dib"), NotebookFile.Read(dir.File("a.dib")).Path);
        Assert.True(NotebookFile.IsNotebook("x/y.Dib"));
        Assert.False(NotebookFile.IsNotebook("x/y.csx"));
    }
}
