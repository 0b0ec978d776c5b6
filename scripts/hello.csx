// The smallest `./schane run` script: a tensor made, printed and freed, and the script's arguments.
//   ./schane run scripts/hello.csx -- 3 4
// Schane.Engine, Schane.Core.*, Schane.Experiments and the usual System namespaces are imported; Args holds the
// arguments after --.
var rows = Args.Count > 0 ? int.Parse(Args[0]) : 2;
var columns = Args.Count > 1 ? int.Parse(Args[1]) : 3;
var scope = Torch.NewDisposeScope();
var t = Torch.Arange(rows * columns).Reshape(rows, columns).To(DType.Float32) / 2;
Console.WriteLine(t);
for (var r = 0; r < rows; r++)
    Console.WriteLine(string.Join(" ", t[r].ToArray<float>().Select(v => v.ToString("0.0").PadLeft(5))));
scope.Dispose();
