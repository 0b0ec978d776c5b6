using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Schane.Core.Data;

/// <summary>
/// The random image transforms of contrastive training, applied to a whole uint8 batch at once, in torchvision's order
/// and with its parameter distributions: transforms.RandomResizedCrop(scale, ratio) → RandomHorizontalFlip(p) →
/// RandomApply([ColorJitter(brightness, contrast)], p) → ToTensor → Normalize(mean, std) → RandomErasing(p, scale,
/// ratio, value=0). Each image draws its parameters from its own stream of a managed generator keyed by
/// (seed, image index, transform), never from libtorch's global generator: <see cref="Apply(Tensor, long)"/> is a pure function of
/// (images, seed), repeatable and thread-safe. Calling it twice with different seeds gives the two views of a
/// contrastive pair (or use <see cref="Views"/>).
/// <para>
/// Crop, resize and flip of the whole batch are one affine warp (torch.nn.functional.affine_grid + grid_sample,
/// bilinear, align_corners=False) whose sampling points are clamped to each crop box: identical to torchvision's
/// bilinear resize of the cropped pixels (antialias off, as for tensors in torchvision ≤ 0.16).
/// </para>
/// The defaults suit 28 × 28 grey images such as Fashion-MNIST; see each property.
/// </summary>
public sealed record Augmentation
{
    /// <summary>
    /// Range of the crop's area as a fraction of the image (RandomResizedCrop's scale), or null for no crop. Default
    /// (0.6, 1): torchvision's (0.08, 1) would leave 8 × 8-pixel crops of a 28 × 28 image, too little to recognise.
    /// </summary>
    public (double Min, double Max)? CropScale { get; init; } = (0.6, 1.0);

    /// <summary>Range of the crop's aspect ratio width / height, drawn log-uniformly (RandomResizedCrop's ratio). Default (3/4, 4/3), torchvision's.</summary>
    public (double Min, double Max) CropRatio { get; init; } = (3.0 / 4, 4.0 / 3);

    /// <summary>Probability of a horizontal flip (RandomHorizontalFlip's p). Default 0.5: clothes stay what they are when mirrored.</summary>
    public double FlipP { get; init; } = 0.5;

    /// <summary>
    /// Brightness jitter (ColorJitter's brightness): the factor is uniform in [max(0, 1 − b), 1 + b] and multiplies
    /// the pixels. Default 0.4 (SimCLR's strength); 0 turns it off.
    /// </summary>
    public double Brightness { get; init; } = 0.4;

    /// <summary>
    /// Contrast jitter (ColorJitter's contrast): the factor c is uniform in [max(0, 1 − c), 1 + c] and blends each image
    /// with its mean grey level, c · x + (1 − c) · mean. Default 0.4 (SimCLR's); 0 turns it off. Saturation and hue
    /// have no meaning for grey images and are left out.
    /// </summary>
    public double Contrast { get; init; } = 0.4;

    /// <summary>Probability that an image is colour-jittered at all (RandomApply's p around ColorJitter). Default 0.8 (SimCLR's).</summary>
    public double JitterP { get; init; } = 0.8;

    /// <summary>
    /// Probability of erasing a rectangle (RandomErasing's p); the rectangle is set to 0 after normalisation, i.e. to
    /// the mean grey. Default 0.25: half of torchvision's 0.5, as the crops already hide parts of small images.
    /// </summary>
    public double ErasingP { get; init; } = 0.25;

    /// <summary>Range of the erased area as a fraction of the image (RandomErasing's scale). Default (0.02, 0.33), torchvision's.</summary>
    public (double Min, double Max) ErasingScale { get; init; } = (0.02, 0.33);

    /// <summary>Range of the erased rectangle's aspect ratio height / width, log-uniform (RandomErasing's ratio). Default (0.3, 3.3), torchvision's.</summary>
    public (double Min, double Max) ErasingRatio { get; init; } = (0.3, 3.3);

    /// <summary>Per-channel mean subtracted after scaling pixels to [0, 1] (Normalize's mean); one value for all channels or one per channel. Default Fashion-MNIST's 0.2860.</summary>
    public IReadOnlyList<double> Mean { get; init; } = [0.2860];

    /// <summary>Per-channel standard deviation divided by (Normalize's std), one value or one per channel. Default Fashion-MNIST's 0.3530.</summary>
    public IReadOnlyList<double> Std { get; init; } = [0.3530];

    /// <summary>The defaults: crop, flip, jitter, normalisation and erasing for Fashion-MNIST-sized images.</summary>
    public static Augmentation Default { get; } = new();

    /// <summary>No random transform, only ToTensor and Normalize with Fashion-MNIST's statistics (evaluation).</summary>
    public static Augmentation None { get; } = new() { CropScale = null, FlipP = 0, Brightness = 0, Contrast = 0, ErasingP = 0 };

    // Independent streams per image for each transform: changing one transform's settings leaves the others' draws alone.
    private const int CropStream = 0, FlipStream = 1, JitterStream = 2, ErasingStream = 3;

    // ITU-R 601-2 luma, as torchvision's rgb_to_grayscale.
    private static readonly float[] Luma = [0.2989f, 0.587f, 0.114f];

    /// <summary>The random parameters drawn for one image.</summary>
    /// <param name="CropTop">Top row of the crop box (i in torchvision).</param>
    /// <param name="CropLeft">Left column of the crop box (j).</param>
    /// <param name="CropHeight">Crop box height (h); the whole image without a crop.</param>
    /// <param name="CropWidth">Crop box width (w).</param>
    /// <param name="Flip">Whether the image is mirrored left–right.</param>
    /// <param name="Brightness">Brightness factor (1: unchanged).</param>
    /// <param name="Contrast">Contrast factor (1: unchanged).</param>
    /// <param name="ContrastFirst">Whether contrast is adjusted before brightness (ColorJitter's random order).</param>
    /// <param name="EraseTop">Top row of the erased rectangle.</param>
    /// <param name="EraseLeft">Left column of the erased rectangle.</param>
    /// <param name="EraseHeight">Erased rectangle height (0: nothing erased).</param>
    /// <param name="EraseWidth">Erased rectangle width.</param>
    internal readonly record struct Draw(int CropTop, int CropLeft, int CropHeight, int CropWidth, bool Flip,
        double Brightness, double Contrast, bool ContrastFirst, int EraseTop, int EraseLeft, int EraseHeight, int EraseWidth);

    /// <summary>
    /// Augments uint8 images [B, C, H, W] (C = 1 or 3) into float32 [B, C, H, W], normalised; what a torchvision
    /// transforms.Compose of the transforms above does to each image, drawn from <paramref name="seed"/>. The same
    /// images and seed always give the same tensor; image b's transforms depend only on (seed, b).
    /// </summary>
    public Tensor Apply(Tensor images, long seed) => Apply(images, seed, firstIndex: 0);

    /// <summary>
    /// <see cref="Apply(Tensor, long)"/> on a slice of a batch: image b of <paramref name="images"/> is image
    /// <paramref name="firstIndex"/> + b of the batch and draws that image's transforms, so a data-parallel rank that
    /// augments its shard gets exactly the rows one process augmenting the whole batch would.
    /// </summary>
    public Tensor Apply(Tensor images, long seed, long firstIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        var (batch, channels, height, width) = CheckImages(images);
        CheckSettings(channels);
        var draws = Sample(batch, height, width, seed, firstIndex);
        using var scope = NewDisposeScope();
        var x = images.to(ScalarType.Float32) / 255.0;
        if (CropScale is not null) x = CropResizeFlip(x, draws);
        else if (FlipP > 0) x = FlipOnly(x, draws);
        if (JitterP > 0 && (Brightness > 0 || Contrast > 0)) x = Jitter(x, draws);
        x = Standardize(x);
        if (ErasingP > 0) x = Erase(x, draws);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="count"/> independently augmented views of each image in one batched call: float32
    /// [B, count, C, H, W], the layout of a contrastive batch (SimCLR's n_views). View v of image b is image
    /// b · count + v of <see cref="Apply(Tensor, long)"/> on the batch with each image repeated <paramref name="count"/> times.
    /// </summary>
    public Tensor Views(Tensor images, long seed, int count = 2)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "expected at least one view");
        var (batch, channels, height, width) = CheckImages(images);
        using var scope = NewDisposeScope();
        var repeated = images.unsqueeze(1).expand(batch, count, channels, height, width).reshape(batch * count, channels, height, width);
        return Apply(repeated, seed).view(batch, count, channels, height, width).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Only scaling to [0, 1] and normalising, no randomness (ToTensor then Normalize(mean, std)): uint8 [B, C, H, W]
    /// → float32 [B, C, H, W], for evaluation.
    /// </summary>
    public Tensor Normalize(Tensor images)
    {
        var (_, channels, _, _) = CheckImages(images);
        CheckSettings(channels);
        using var scope = NewDisposeScope();
        return Standardize(images.to(ScalarType.Float32) / 255.0).MoveToOuterDisposeScope();
    }

    /// <summary>The parameters each image of a batch of <paramref name="batch"/> H × W images gets from <paramref name="seed"/>.</summary>
    internal Draw[] Sample(long batch, int height, int width, long seed, long firstIndex = 0)
    {
        var draws = new Draw[batch];
        for (var row = 0L; row < batch; row++)
        {
            var b = firstIndex + row;
            var (top, left, cropHeight, cropWidth) = CropScale is { } scale
                ? CropBox(new CounterRandom(seed, b, CropStream), height, width, scale, CropRatio)
                : (0, 0, height, width);
            var flipRandom = new CounterRandom(seed, b, FlipStream);
            var flip = FlipP > 0 && flipRandom.Bernoulli(FlipP);
            double brightness = 1, contrast = 1;
            var contrastFirst = false;
            var jitterRandom = new CounterRandom(seed, b, JitterStream);
            if (JitterP > 0 && jitterRandom.Bernoulli(JitterP))
            {
                contrastFirst = jitterRandom.Bernoulli(0.5);
                if (Brightness > 0) brightness = jitterRandom.Uniform(Math.Max(0, 1 - Brightness), 1 + Brightness);
                if (Contrast > 0) contrast = jitterRandom.Uniform(Math.Max(0, 1 - Contrast), 1 + Contrast);
            }
            var erase = (Top: 0, Left: 0, Height: 0, Width: 0);
            var erasingRandom = new CounterRandom(seed, b, ErasingStream);
            if (ErasingP > 0 && erasingRandom.Bernoulli(ErasingP)) erase = EraseBox(erasingRandom, height, width);
            draws[row] = new Draw(top, left, cropHeight, cropWidth, flip, brightness, contrast, contrastFirst,
                erase.Top, erase.Left, erase.Height, erase.Width);
        }
        return draws;
    }

    // transforms.RandomResizedCrop.get_params: ten tries at a box of the drawn area and ratio, else a central crop.
    private static (int Top, int Left, int Height, int Width) CropBox(CounterRandom random, int height, int width,
        (double Min, double Max) scale, (double Min, double Max) ratio)
    {
        double area = height * width;
        var (logMin, logMax) = (Math.Log(ratio.Min), Math.Log(ratio.Max));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * random.Uniform(scale.Min, scale.Max);
            var aspect = Math.Exp(random.Uniform(logMin, logMax));
            var w = (int)Math.Round(Math.Sqrt(targetArea * aspect));
            var h = (int)Math.Round(Math.Sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
                return ((int)random.Below(height - h + 1), (int)random.Below(width - w + 1), h, w);
        }
        var inRatio = (double)width / height;
        var (ch, cw) = inRatio < ratio.Min ? ((int)Math.Round(width / ratio.Min), width)
            : inRatio > ratio.Max ? (height, (int)Math.Round(height * ratio.Max))
            : (height, width);
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    // transforms.RandomErasing.get_params: ten tries at a rectangle strictly smaller than the image, else no erasing.
    private (int Top, int Left, int Height, int Width) EraseBox(CounterRandom random, int height, int width)
    {
        double area = height * width;
        var (logMin, logMax) = (Math.Log(ErasingRatio.Min), Math.Log(ErasingRatio.Max));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var eraseArea = area * random.Uniform(ErasingScale.Min, ErasingScale.Max);
            var aspect = Math.Exp(random.Uniform(logMin, logMax));
            var h = (int)Math.Round(Math.Sqrt(eraseArea * aspect));
            var w = (int)Math.Round(Math.Sqrt(eraseArea / aspect));
            if (h < height && w < width)
                return ((int)random.Below(height - h + 1), (int)random.Below(width - w + 1), h, w);
        }
        return (0, 0, 0, 0);
    }

    // One warp for the batch. Output pixel centres map linearly onto the crop box (mirrored when flipped); with
    // align_corners=False, x_in = (w/W)·x_out + (2j + w)/W − 1 in normalised coordinates. Clamping the sampling points
    // to the centres of the box's outer pixels reproduces the edge handling of resizing the cropped pixels alone.
    private static Tensor CropResizeFlip(Tensor x, Draw[] draws)
    {
        var shape = x.shape;
        var (batch, height, width) = (shape[0], (double)shape[2], (double)shape[3]);
        var theta = new float[batch * 6];
        var low = new float[batch * 2];
        var high = new float[batch * 2];
        for (var b = 0; b < batch; b++)
        {
            var d = draws[b];
            theta[6 * b + 0] = (float)((d.Flip ? -1 : 1) * d.CropWidth / width);
            theta[6 * b + 2] = (float)((2.0 * d.CropLeft + d.CropWidth) / width - 1);
            theta[6 * b + 4] = (float)(d.CropHeight / height);
            theta[6 * b + 5] = (float)((2.0 * d.CropTop + d.CropHeight) / height - 1);
            low[2 * b] = (float)((2.0 * d.CropLeft + 1) / width - 1);
            low[2 * b + 1] = (float)((2.0 * d.CropTop + 1) / height - 1);
            high[2 * b] = (float)((2.0 * (d.CropLeft + d.CropWidth) - 1) / width - 1);
            high[2 * b + 1] = (float)((2.0 * (d.CropTop + d.CropHeight) - 1) / height - 1);
        }
        var grid = F.affine_grid(tensor(theta, [batch, 2, 3], device: x.device), shape, align_corners: false)
            .maximum(tensor(low, [batch, 1, 1, 2], device: x.device))
            .minimum(tensor(high, [batch, 1, 1, 2], device: x.device));
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    // Without a crop, flipping is exact: mirror the chosen images.
    private static Tensor FlipOnly(Tensor x, Draw[] draws)
    {
        var mask = tensor(draws.Select(d => d.Flip).ToArray(), [draws.Length, 1, 1, 1], device: x.device);
        return x.flip(3).where(mask, x);
    }

    // ColorJitter's brightness and contrast in its random per-image order: both orders are computed for the batch and
    // each image takes its own (cheaper than splitting the batch).
    private Tensor Jitter(Tensor x, Draw[] draws)
    {
        long[] perImage = [draws.Length, 1, 1, 1];
        var brightness = tensor(draws.Select(d => (float)d.Brightness).ToArray(), perImage, device: x.device);
        var contrast = tensor(draws.Select(d => (float)d.Contrast).ToArray(), perImage, device: x.device);
        Tensor Bright(Tensor t) => (t * brightness).clamp(0, 1);
        Tensor Contrasted(Tensor t) => (t * contrast + (1.0 - contrast) * GreyMean(t)).clamp(0, 1);
        if (Contrast == 0) return Bright(x);
        if (Brightness == 0) return Contrasted(x);
        var contrastFirst = tensor(draws.Select(d => d.ContrastFirst).ToArray(), perImage, device: x.device);
        return Bright(Contrasted(x)).where(contrastFirst, Contrasted(Bright(x)));
    }

    // The mean grey level of each image, [B, 1, 1, 1] (torchvision's adjust_contrast: mean of rgb_to_grayscale for RGB).
    private static Tensor GreyMean(Tensor x)
    {
        if (x.size(1) == 1) return x.mean([1, 2, 3], keepdim: true);
        var grey = (x * tensor(Luma, [1, 3, 1, 1], device: x.device)).sum(1, keepdim: true);
        return grey.mean([1, 2, 3], keepdim: true);
    }

    private Tensor Standardize(Tensor x)
    {
        var channels = x.size(1);
        float[] Expand(IReadOnlyList<double> values) => Enumerable.Range(0, (int)channels).Select(c => (float)values[values.Count == 1 ? 0 : c]).ToArray();
        return (x - tensor(Expand(Mean), [1, channels, 1, 1], device: x.device)) / tensor(Expand(Std), [1, channels, 1, 1], device: x.device);
    }

    // Each image's rectangle as a mask [B, 1, H, W] from row and column ranges; images without one have an empty range.
    private static Tensor Erase(Tensor x, Draw[] draws)
    {
        var (batch, height, width) = (x.size(0), x.size(2), x.size(3));
        Tensor PerImage(Func<Draw, long> value) => tensor(draws.Select(value).ToArray(), [batch, 1, 1, 1], device: x.device);
        var rows = arange(height, ScalarType.Int64, x.device).view(1, 1, height, 1);
        var columns = arange(width, ScalarType.Int64, x.device).view(1, 1, 1, width);
        var inRows = rows.ge(PerImage(d => d.EraseTop)) & rows.lt(PerImage(d => d.EraseTop + d.EraseHeight));
        var inColumns = columns.ge(PerImage(d => d.EraseLeft)) & columns.lt(PerImage(d => d.EraseLeft + d.EraseWidth));
        return x.masked_fill(inRows & inColumns, 0);
    }

    private static (long Batch, int Channels, int Height, int Width) CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.shape;
        if (images.dtype != ScalarType.Byte || shape.Length != 4)
            throw new ArgumentException($"expected uint8 images [B, C, H, W], got {images.dtype.TorchName()} [{string.Join(", ", shape)}]", nameof(images));
        if (shape[0] == 0) throw new ArgumentException("the batch is empty (B = 0)", nameof(images));
        if (shape[1] is not (1 or 3))
            throw new ArgumentException($"images have {shape[1]} channels ([{string.Join(", ", shape)}]); expected 1 (grey) or 3 (RGB)", nameof(images));
        if (shape[2] == 0 || shape[3] == 0)
            throw new ArgumentException($"images of zero size ([{string.Join(", ", shape)}])", nameof(images));
        return (shape[0], (int)shape[1], (int)shape[2], (int)shape[3]);
    }

    // The torchvision constructors' checks, made when the settings are used (a record's init accessors cannot see each other).
    private void CheckSettings(int channels)
    {
        static void Range((double Min, double Max) range, double upper, string name)
        {
            if (!(range.Min > 0 && range.Min <= range.Max && range.Max <= upper))
                throw new ArgumentException($"{name} ({range.Min}, {range.Max}): expected 0 < min ≤ max{(double.IsPositiveInfinity(upper) ? "" : $" ≤ {upper}")}", name);
        }
        static void Probability(double p, string name)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"{name} = {p}: expected a probability in [0, 1]", name);
        }
        static void Strength(double value, string name)
        {
            if (!(value >= 0 && double.IsFinite(value))) throw new ArgumentException($"{name} = {value}: expected a finite value ≥ 0", name);
        }
        if (CropScale is { } scale) Range(scale, 1, nameof(CropScale));
        Range(CropRatio, double.PositiveInfinity, nameof(CropRatio));
        Probability(FlipP, nameof(FlipP));
        Strength(Brightness, nameof(Brightness));
        Strength(Contrast, nameof(Contrast));
        Probability(JitterP, nameof(JitterP));
        Probability(ErasingP, nameof(ErasingP));
        Range(ErasingScale, 1, nameof(ErasingScale));
        Range(ErasingRatio, double.PositiveInfinity, nameof(ErasingRatio));
        foreach (var (values, name) in new[] { (Mean, nameof(Mean)), (Std, nameof(Std)) })
        {
            if (values is null || (values.Count != 1 && values.Count != channels))
                throw new ArgumentException($"{name} has {values?.Count ?? 0} values for {channels}-channel images: expected 1 or {channels}", name);
            foreach (var v in values)
                if (!double.IsFinite(v) || (name == nameof(Std) && v <= 0))
                    throw new ArgumentException($"{name} value {v}: expected a finite number{(name == nameof(Std) ? " > 0" : "")}", name);
        }
    }
}
