// Export a checkpoint's embeddings of the base-class test images as NumPy files for other tools:
//   ./schane run scripts/experiments/export-embeddings.csx -- runs/NAME/checkpoint.pt OUT_DIR
//   dotnet run -c Release scripts/experiments/export-embeddings.cs -- runs/NAME/checkpoint.pt OUT_DIR
// Writes OUT_DIR/features.npy (backbone, float32 [N, d]), projections.npy ([N, p]), logits.npy and labels.npy (int64).
if (Args.Count < 2) { Console.Error.WriteLine("usage: export-embeddings.csx -- CHECKPOINT OUT_DIR"); return 2; }
var checkpoint = Path.GetFullPath(Args[0]);
var arrays = FineTuning.exportEmbeddings(checkpoint, FineTuning.checkpointConfig(checkpoint, null), Args[1]);
Console.WriteLine(FineTuning.ExportedArray.Table(arrays));
return 0;
