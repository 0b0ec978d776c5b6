// The smallest `./schane run` script: a tensor made, printed and freed, and the script's arguments.
//   ./schane run scripts/hello.csx -- 3 4
// TorchSharp (and TorchSharp.torch's members), Schane.Core.*, Schane.Experiments and the usual System namespaces are
// imported; Args holds the arguments after --.
var rows = Args.Count > 0 ? int.Parse(Args[0]) : 2;
var columns = Args.Count > 1 ? int.Parse(Args[1]) : 3;
var scope = torch.NewDisposeScope();
var t = torch.arange(rows * columns).reshape(rows, columns).to(torch.float32) / 2;
Console.WriteLine(t);
for (var r = 0; r < rows; r++)
    Console.WriteLine(string.Join(" ", t[r].data<float>().ToArray().Select(v => v.ToString("0.0").PadLeft(5))));
scope.Dispose();
