using Schane.Core.IO;
using TorchSharp;
using static TorchSharp.torch;
using FashionMnistFiles = Schane.Core.Data.FashionMnist;

namespace Schane.Core.Data;

/// <summary>
/// Labelled images held in memory as two CPU tensors (a torch.utils.data.TensorDataset of uint8 images and int64
/// labels, with torchvision's <c>classes</c>): <see cref="Images"/> uint8 [N, C, H, W] with C = 1 or 3, and
/// <see cref="Labels"/> int64 [N] in 0 … <see cref="ClassCount"/> − 1. Never empty. The dataset owns its tensors:
/// dispose it; datasets derived from it (<see cref="Select"/>, <see cref="WhereClasses"/>, <see cref="Subsample"/>)
/// hold copies and are disposed separately.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    private Tensor? images;
    private Tensor? labels;

    /// <summary>
    /// A dataset of <paramref name="images"/> (uint8 [N, C, H, W], C = 1 or 3, N ≥ 1) and <paramref name="labels"/>
    /// (int64 [N], non-negative) — torch.utils.data.TensorDataset(images, labels). The dataset keeps its own handles to
    /// the same data (the caller still disposes its tensors, and must not change them in place). Without
    /// <paramref name="classNames"/>, there are max(label) + 1 classes named "0", "1", …; with them, every label must
    /// index a name. <paramref name="source"/> names the data in messages.
    /// </summary>
    public ImageDataset(Tensor images, Tensor labels, IReadOnlyList<string>? classNames = null, string source = "in-memory tensors")
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var shape = images.shape;
        if (images.dtype != ScalarType.Byte || shape.Length != 4)
            throw new ArgumentException($"{source}: images must be uint8 [N, C, H, W], got {images.dtype.TorchName()} {Format(shape)}", nameof(images));
        CheckImageShape(shape, source, nameof(images), channelsLast: false);
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.size(0) != shape[0])
            throw new ArgumentException($"{source}: labels must be int64 [{shape[0]}] (one per image), got {labels.dtype.TorchName()} {Format(labels.shape)}",
                nameof(labels));
        ClassNames = CheckLabels(TensorData.ToArray<long>(labels), classNames, source, nameof(labels));
        Source = source;
        this.images = images.contiguous().DetachFromDisposeScope();
        this.labels = labels.contiguous().DetachFromDisposeScope();
    }

    // Takes ownership of already validated tensors (the argument order tells it from the public constructor).
    private ImageDataset(string source, IReadOnlyList<string> classNames, Tensor images, Tensor labels)
    {
        this.images = images.DetachFromDisposeScope();
        this.labels = labels.DetachFromDisposeScope();
        ClassNames = classNames;
        Source = source;
    }

    /// <summary>The images, uint8 [N, C, H, W] (torchvision's dataset.data, channels first), owned by the dataset: do not dispose or change them.</summary>
    public Tensor Images => images ?? throw new ObjectDisposedException(nameof(ImageDataset), $"{Source} has been disposed");

    /// <summary>The labels, int64 [N] in 0 … ClassCount − 1 (torchvision's dataset.targets), owned by the dataset: do not dispose or change them.</summary>
    public Tensor Labels => labels ?? throw new ObjectDisposedException(nameof(ImageDataset), $"{Source} has been disposed");

    /// <summary>The number of classes (len(dataset.classes) in torchvision).</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The name of each class, by label (torchvision's dataset.classes).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the data came from (files or split, like torchvision's dataset.root, and how it was narrowed), for messages.</summary>
    public string Source { get; }

    /// <summary>The number of images, N (len(dataset)).</summary>
    public long Count => Images.size(0);

    /// <summary>Channels per image, C (1 or 3): images.shape[1].</summary>
    public int Channels => (int)Images.size(1);

    /// <summary>Image height in pixels, H: images.shape[2].</summary>
    public int Height => (int)Images.size(2);

    /// <summary>Image width in pixels, W: images.shape[3].</summary>
    public int Width => (int)Images.size(3);

    /// <summary>
    /// The "train" (60,000 images) or "test" (10,000) split of Fashion-MNIST from Debian's package (torchvision.datasets.FashionMNIST):
    /// [N, 1, 28, 28], 10 classes named by <see cref="FashionMnistFiles.Classes"/>.
    /// </summary>
    public static ImageDataset FashionMnist(string split, string root = FashionMnistFiles.DefaultRoot)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = FashionMnistFiles.Load(split, root);
        var chw = images.unsqueeze(1).contiguous();
        var fullRoot = Path.GetFullPath(root);
        return new ImageDataset($"Fashion-MNIST {split} ({fullRoot})", FashionMnistFiles.Classes, chw, labels.alias());
    }

    /// <summary>
    /// Images and labels from two NumPy files (numpy.save). Images: uint8 [N, H, W] (one channel) or [N, H, W, C] with
    /// C = 1 or 3 (channels last, as NumPy image arrays are; permuted to [N, C, H, W]). Labels: [N] of int64, int32 or
    /// uint8 (widened to int64), all non-negative. Without <paramref name="classNames"/> there are max(label) + 1
    /// classes named "0", "1", …; with them every label must be below their count. Every problem throws
    /// (<see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>) naming the file and what was expected.
    /// </summary>
    public static ImageDataset FromNpy(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null)
    {
        foreach (var (path, what) in new[] { (imagesPath, "images"), (labelsPath, "labels") })
            if (!File.Exists(path)) throw new FileNotFoundException($"{what} file not found: {path} (expected a .npy file)", path);
        using var scope = NewDisposeScope();

        var images = Npy.Load(imagesPath);
        var shape = images.shape;
        if (images.dtype != ScalarType.Byte)
            throw new InvalidDataException($"{imagesPath}: images must be uint8 (numpy.uint8) pixels, found {images.dtype.TorchName()} {Format(shape)}");
        if (shape.Length is not (3 or 4))
            throw new InvalidDataException($"{imagesPath}: expected images [N, H, W] or [N, H, W, C], found {shape.Length} dimensions {Format(shape)}");
        CheckImageShape(shape, imagesPath, null, channelsLast: true);
        var chw = shape.Length == 3 ? images.unsqueeze(1) : images.permute(0, 3, 1, 2).contiguous();

        var labels = Npy.Load(labelsPath);
        if (labels.dtype is not (ScalarType.Int64 or ScalarType.Int32 or ScalarType.Byte))
            throw new InvalidDataException($"{labelsPath}: labels must be integers (int64, int32 or uint8), found {labels.dtype.TorchName()}");
        if (labels.dim() != 1)
            throw new InvalidDataException($"{labelsPath}: expected labels [N] (one dimension), found {Format(labels.shape)}");
        if (labels.size(0) != shape[0])
            throw new InvalidDataException($"{labelsPath}: {labels.size(0)} labels for {shape[0]} images in {imagesPath}");
        var wide = labels.to(ScalarType.Int64);
        var names = CheckLabels(TensorData.ToArray<long>(wide), classNames, labelsPath, null);
        return new ImageDataset($"{imagesPath} + {labelsPath}", names, chw.contiguous(), wide);
    }

    /// <summary>
    /// The images at <paramref name="indices"/> (in that order, repeats allowed) as a new dataset with the same classes
    /// (torch.utils.data.Subset, copied). Indices lie in 0 … Count − 1; at least one.
    /// </summary>
    public ImageDataset Select(ReadOnlySpan<long> indices)
    {
        if (indices.IsEmpty) throw new ArgumentException($"{Source}: no indices to select: a dataset holds at least one image", nameof(indices));
        var count = Count;
        for (var i = 0; i < indices.Length; i++)
            if ((ulong)indices[i] >= (ulong)count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"{Source}: index {indices[i]} (at position {i}) is outside 0–{count - 1}");
        using var scope = NewDisposeScope();
        var (batchImages, batchLabels) = Gather(indices);
        return new ImageDataset($"{Source}, {indices.Length} selected", ClassNames, batchImages, batchLabels);
    }

    /// <summary>
    /// The images and labels at <paramref name="indices"/> as new tensors the caller disposes (dataset[indices]):
    /// uint8 [B, C, H, W] and int64 [B] — one training batch.
    /// </summary>
    public (Tensor Images, Tensor Labels) Batch(ReadOnlySpan<long> indices)
    {
        var count = Count;
        for (var i = 0; i < indices.Length; i++)
            if ((ulong)indices[i] >= (ulong)count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"{Source}: index {indices[i]} (at position {i}) is outside 0–{count - 1}");
        return Gather(indices);
    }

    private (Tensor Images, Tensor Labels) Gather(ReadOnlySpan<long> indices)
    {
        using var index = TensorData.FromSpan(indices);
        return (Images.index_select(0, index), Labels.index_select(0, index));
    }

    /// <summary>
    /// Only the images of <paramref name="classes"/>, relabelled 0 … k − 1 in the order given, with
    /// <see cref="ClassNames"/> following (e.g. the base or novel classes of a <see cref="ClassSplit"/>). Images keep
    /// their order. Each class must exist and appear once; at least one image must remain.
    /// </summary>
    public ImageDataset WhereClasses(IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0) throw new ArgumentException($"{Source}: no classes given", nameof(classes));
        var relabel = new long[ClassCount];
        Array.Fill(relabel, -1);
        for (var i = 0; i < classes.Count; i++)
        {
            var c = classes[i];
            if (c < 0 || c >= ClassCount)
                throw new ArgumentException($"{Source}: unknown class {c}: the dataset has classes 0–{ClassCount - 1}", nameof(classes));
            if (relabel[c] >= 0) throw new ArgumentException($"{Source}: class {c} is listed twice", nameof(classes));
            relabel[c] = i;
        }
        var all = TensorData.ToArray<long>(Labels);
        var kept = new List<long>();
        var newLabels = new List<long>();
        for (var i = 0; i < all.Length; i++)
            if (relabel[all[i]] >= 0)
            {
                kept.Add(i);
                newLabels.Add(relabel[all[i]]);
            }
        if (kept.Count == 0)
            throw new InvalidOperationException($"{Source}: no images of classes [{string.Join(", ", classes)}]");
        using var scope = NewDisposeScope();
        using var index = tensor(kept.ToArray());
        return new ImageDataset($"{Source}, classes [{string.Join(", ", classes)}]", classes.Select(c => ClassNames[c]).ToArray(),
            Images.index_select(0, index), tensor(newLabels.ToArray()));
    }

    /// <summary>
    /// At most <paramref name="perClass"/> images of each class, chosen at random from <paramref name="seed"/> (the same
    /// seed gives the same images), in their original order — a small balanced dataset for fast runs. Classes with
    /// fewer images keep all of them.
    /// </summary>
    public ImageDataset Subsample(int perClass, int seed)
    {
        if (perClass <= 0) throw new ArgumentOutOfRangeException(nameof(perClass), perClass, "expected at least one image per class");
        var all = TensorData.ToArray<long>(Labels);
        var byClass = new List<long>[ClassCount];
        for (var c = 0; c < byClass.Length; c++) byClass[c] = [];
        for (var i = 0; i < all.Length; i++) byClass[all[i]].Add(i);
        var chosen = new List<long>();
        for (var c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c];
            // A partial Fisher–Yates shuffle from the class's own stream: each class's choice is independent of the others.
            var random = new CounterRandom(seed, c);
            var take = Math.Min(perClass, members.Count);
            for (var i = 0; i < take; i++)
            {
                var j = i + (int)random.Below(members.Count - i);
                (members[i], members[j]) = (members[j], members[i]);
            }
            chosen.AddRange(members.Take(take));
        }
        chosen.Sort();
        using var scope = NewDisposeScope();
        var (subImages, subLabels) = Gather(chosen.ToArray());
        return new ImageDataset($"{Source}, ≤ {perClass} per class (seed {seed})", ClassNames, subImages, subLabels);
    }

    /// <summary>How many images each class has, by label (torch.bincount(labels, minlength=ClassCount)).</summary>
    public long[] ClassCounts()
    {
        using var counts = Labels.bincount(null, ClassCount);
        return TensorData.ToArray<long>(counts);
    }

    /// <summary>Frees the tensors (del dataset); safe to call more than once.</summary>
    public void Dispose()
    {
        images?.Dispose();
        labels?.Dispose();
        images = labels = null;
    }

    /// <summary>The source, size and classes (repr(dataset)), e.g. "Fashion-MNIST train (…): 60000 × 1 × 28 × 28, 10 classes".</summary>
    public override string ToString() =>
        images is null ? $"{Source} (disposed)" : $"{Source}: {Count} × {Channels} × {Height} × {Width}, {ClassCount} classes";

    private static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";

    // N ≥ 1, H, W ≥ 1 and C ∈ {1, 3}; channelsLast: [N, H, W(, C)] as in NumPy files, else [N, C, H, W].
    private static void CheckImageShape(long[] shape, string source, string? parameter, bool channelsLast)
    {
        Exception Bad(string message) => parameter is null ? new InvalidDataException($"{source}: {message}") : new ArgumentException($"{source}: {message}", parameter);
        var layout = channelsLast ? (shape.Length == 3 ? "[N, H, W]" : "[N, H, W, C]") : "[N, C, H, W]";
        if (shape[0] == 0) throw Bad($"no images: the dataset is empty ({layout} = {Format(shape)})");
        var (channels, height, width) = !channelsLast ? (shape[1], shape[2], shape[3])
            : shape.Length == 3 ? (1, shape[1], shape[2]) : (shape[3], shape[1], shape[2]);
        if (height == 0 || width == 0) throw Bad($"images of zero size ({layout} = {Format(shape)})");
        if (channels is not (1 or 3))
            throw Bad($"images have {channels} channels ({layout} = {Format(shape)}); expected 1 (grey) or 3 (RGB)");
    }

    // Labels are non-negative and index the class names; without names there are max + 1 classes named by number.
    private static IReadOnlyList<string> CheckLabels(long[] values, IReadOnlyList<string>? classNames, string source, string? parameter)
    {
        Exception Bad(string message) => parameter is null ? new InvalidDataException($"{source}: {message}") : new ArgumentException($"{source}: {message}", parameter);
        if (classNames is { Count: 0 }) throw new ArgumentException("expected at least one class name", nameof(classNames));
        var max = -1L;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < 0) throw Bad($"negative label {values[i]} at index {i}: labels are class indices 0, 1, …");
            if (classNames is not null && values[i] >= classNames.Count)
                throw Bad($"label {values[i]} at index {i} is out of range for the {classNames.Count} class names given (0–{classNames.Count - 1})");
            max = Math.Max(max, values[i]);
        }
        if (classNames is not null) return classNames.ToArray();
        if (max >= int.MaxValue) throw Bad($"label {max} is too large to be a class index");
        return Enumerable.Range(0, (int)max + 1).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
