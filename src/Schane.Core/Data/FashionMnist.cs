using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017) from Debian's <c>dataset-fashion-mnist</c> package: 60,000 training and 10,000 test
/// images of 28 × 28 uint8 pixels in 10 classes.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package puts the files.</summary>
    public const string DefaultRoot = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, by label.</summary>
    public static readonly IReadOnlyList<string> Classes =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Images (uint8 [N, 28, 28]) and labels (int64 [N]) of the "train" or "test" split. A missing folder or file names
    /// the Debian package that provides it; images and labels must agree in count and labels lie in 0–9.
    /// </summary>
    public static (Tensor Images, Tensor Labels) Load(string split, string root = DefaultRoot)
    {
        var prefix = split switch
        {
            "train" => "train",
            "test" => "t10k",
            _ => throw new ArgumentException($"unknown split '{split}': expected train or test", nameof(split)),
        };
        var imagesPath = Path.Combine(root, $"{prefix}-images-idx3-ubyte.gz");
        var labelsPath = Path.Combine(root, $"{prefix}-labels-idx1-ubyte.gz");
        foreach (var file in new[] { imagesPath, labelsPath })
            if (!File.Exists(file))
                throw new FileNotFoundException($"Fashion-MNIST file not found: {file}. Install Debian's dataset-fashion-mnist " +
                    "package (./schane does), or pass the folder holding the IDX files.", file);

        var images = IdxFile.Read(imagesPath);
        using var rawLabels = IdxFile.Read(labelsPath);
        if (images.dim() != 3 || images.size(1) != 28 || images.size(2) != 28)
        {
            images.Dispose();
            throw new InvalidDataException($"{imagesPath}: expected images [N, 28, 28]");
        }
        if (rawLabels.dim() != 1 || rawLabels.size(0) != images.size(0))
        {
            var count = images.size(0);
            images.Dispose();
            throw new InvalidDataException($"{labelsPath}: {rawLabels.size(0)} labels for {count} images in {imagesPath}");
        }
        var labels = rawLabels.to(ScalarType.Int64);
        using (var max = labels.max())
            if (max.item<long>() >= Classes.Count)
            {
                images.Dispose();
                labels.Dispose();
                throw new InvalidDataException($"{labelsPath}: label {max.item<long>()} is out of range 0–{Classes.Count - 1}");
            }
        return (images, labels);
    }
}
