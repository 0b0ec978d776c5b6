using Schane.Engine;
using Schane.Engine.Modules;

namespace Schane.Core.Models;

/// <summary>
/// The residual block of ResNet-18/34 (torchvision.models.resnet.BasicBlock): conv3×3 → BN → ReLU → conv3×3 → BN, plus
/// the input (through a strided 1×1 conv + BN, "downsample", when the shape changes), then ReLU. Parameter names
/// follow torchvision so state dicts move between the two.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;

    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="outChannels"/>, striding its first conv.</summary>
    public BasicBlock(long inChannels, long outChannels, int stride = 1)
    {
        conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, stride, padding: 1, bias: false));
        bn1 = RegisterModule("bn1", new BatchNorm2d(outChannels));
        conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, padding: 1, bias: false));
        bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels));
        if (stride != 1 || inChannels != outChannels)
            downsample = RegisterModule("downsample", new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride, bias: false), new BatchNorm2d(outChannels)));
    }

    /// <summary>BasicBlock.forward: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).</summary>
    public override Tensor Forward(Tensor input)
    {
        using var scope = Torch.NewDisposeScope();
        var y = bn2.Forward(conv2.Forward(bn1.Forward(conv1.Forward(input)).Relu_()));
        var shortcut = downsample?.Forward(input) ?? input;
        return y.Add_(shortcut).Relu_().MoveToOuterDisposeScope();
    }
}
