using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// A ResNet for small images (28 × 28 Fashion-MNIST): a 3×3 stem without max-pool, as CIFAR ResNets do, then three
/// stages of <see cref="BasicBlock"/>s at widths w, 2w, 4w (the last two stride 2: 28 → 14 → 7) and global average
/// pooling. Features are 4w wide. Names follow torchvision's ResNet (conv1, bn1, layer1…layer3) so a PyTorch copy of
/// the architecture loads the same state dict.
/// </summary>
public sealed class SmallResNet : Backbone
{
    // Field names are the state-dict names (TorchSharp registers fields by name).
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1, layer2, layer3;

    /// <summary>
    /// A network for <paramref name="channels"/>-channel images with base width <paramref name="width"/> and
    /// <paramref name="blocksPerStage"/> residual blocks in each stage.
    /// </summary>
    public SmallResNet(int channels = 1, int width = 16, int blocksPerStage = 1) : base(nameof(SmallResNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocksPerStage, 1);
        // Its narrowest convolutions that need an input gradient have `width` channels (the stem's input is the image).
        Runtime.ConvolutionCheck.Ensure(width);
        Width = width;
        BlocksPerStage = blocksPerStage;
        conv1 = nn.Conv2d(channels, width, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        layer1 = Stage(width, width, 1, blocksPerStage);
        layer2 = Stage(width, 2 * width, 2, blocksPerStage);
        layer3 = Stage(2 * width, 4 * width, 2, blocksPerStage);
        RegisterComponents();
    }

    /// <summary>w, the first stage's channel count.</summary>
    public int Width { get; }

    /// <summary>Residual blocks per stage.</summary>
    public int BlocksPerStage { get; }

    /// <inheritdoc/>
    public override long FeatureDimension => 4L * Width;

    private static Sequential Stage(int inChannels, int outChannels, int stride, int blocks)
    {
        var stage = nn.Sequential(new BasicBlock(inChannels, outChannels, stride));
        for (var i = 1; i < blocks; i++) stage.append(new BasicBlock(outChannels, outChannels));
        return stage;
    }

    /// <summary>ResNet.forward up to the pooled features: [B, C, H, W] → [B, 4w] (torch.flatten(avgpool(x), 1)).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = bn1.call(conv1.call(input)).relu_();
        x = layer3.call(layer2.call(layer1.call(x)));
        return x.mean([2, 3]).MoveToOuterDisposeScope();
    }
}
