// Export a checkpoint's embeddings of the base-class test images as NumPy files for other tools:
//   ./schane run scripts/experiments/export-embeddings.csx -- runs/NAME/checkpoint.pt OUT_DIR
// Writes OUT_DIR/features.npy (backbone, float32 [N, d]), projections.npy ([N, p]), logits.npy and labels.npy (int64).
using Schane.Core.IO;

if (Args.Count < 2) { Console.Error.WriteLine("usage: export-embeddings.csx -- CHECKPOINT OUT_DIR"); return 2; }
var checkpoint = Path.GetFullPath(Args[0]);
var output = Directory.CreateDirectory(Args[1]).FullName;
var runConfig = Path.Combine(Path.GetDirectoryName(checkpoint)!, "config.json");
var config = RunConfig.Resolve(File.Exists(runConfig) ? runConfig : null, null);
var rows = new List<string[]>();
// (C# scripts have no top-level `using var`: using blocks scope the native tensors.)
using (var saved = Checkpoint.Load(checkpoint))
using (var model = saved.BuildModel())
using (var data = RunData.Load(config))
using (var encoded = EncodedSet.Encode(model, data.BaseTest, FineTuning.preprocessing(data.BaseTrain)))
{
    foreach (var (name, tensor) in new[] { ("features", encoded.Features), ("projections", encoded.Projections),
                                           ("logits", encoded.Logits), ("labels", encoded.Labels) })
    {
        var path = Path.Combine(output, name + ".npy");
        Npy.Save(tensor, path);
        rows.Add([name, $"[{string.Join(", ", tensor.shape)}]", tensor.dtype.ToString(), path]);
    }
}
Console.WriteLine(Markdown.table(["array", "shape", "dtype", "file"], rows.ToArray()));
return 0;
