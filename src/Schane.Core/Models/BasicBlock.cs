using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// The residual block of ResNet-18/34 (torchvision.models.resnet.BasicBlock): conv3×3 → BN → ReLU → conv3×3 → BN, plus
/// the input (through a strided 1×1 conv + BN, "downsample", when the shape changes), then ReLU. Parameter names
/// follow torchvision so state dicts move between the two.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict names (TorchSharp registers fields by name).
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="outChannels"/>, striding its first conv.</summary>
    public BasicBlock(long inChannels, long outChannels, int stride = 1) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <summary>BasicBlock.forward: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = bn2.call(conv2.call(bn1.call(conv1.call(input)).relu_()));
        var shortcut = downsample?.call(input) ?? input;
        return y.add_(shortcut).relu_().MoveToOuterDisposeScope();
    }
}
