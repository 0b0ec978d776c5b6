"""The PyTorch twin of Schane.Core.Models (SmallResNet + projection head + classifier).

Same modules, same construction order and same parameter names: after the same torch.manual_seed, both sides start
from the same weights, and a state dict moves between them. Used by the training benchmark's peer and by the model
oracle test (tests/reference/models.py).
"""
import torch
import torch.nn as nn


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        # In place where the .NET BasicBlock is (and torchvision's): ReLU after BN, the residual sum.
        y = self.bn2(self.conv2(torch.relu_(self.bn1(self.conv1(x)))))
        return torch.relu_(y.add_(self.downsample(x) if self.downsample is not None else x))


class SmallResNet(nn.Module):
    def __init__(self, channels=1, width=16, blocks=1):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, width, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.layer1 = self._stage(width, width, 1, blocks)
        self.layer2 = self._stage(width, 2 * width, 2, blocks)
        self.layer3 = self._stage(2 * width, 4 * width, 2, blocks)
        self.feature_dim = 4 * width

    @staticmethod
    def _stage(cin, cout, stride, blocks):
        return nn.Sequential(BasicBlock(cin, cout, stride), *[BasicBlock(cout, cout) for _ in range(blocks - 1)])

    def forward(self, x):
        x = torch.relu_(self.bn1(self.conv1(x)))
        return self.layer3(self.layer2(self.layer1(x))).mean(dim=(2, 3))


class ProjectionHead(nn.Module):
    def __init__(self, dim, out=128):
        super().__init__()
        self.head = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, out))

    def forward(self, x):
        return self.head(x)


class ContrastiveModel(nn.Module):
    def __init__(self, backbone, classes, projection=128):
        super().__init__()
        self.backbone = backbone
        self.projection = ProjectionHead(backbone.feature_dim, projection)
        self.classifier = nn.Linear(backbone.feature_dim, classes)

    def forward(self, x):
        features = self.backbone(x)
        return features, self.projection(features), self.classifier(features)
