"""Oracle for Schane.Core.Data.Augmentation: applies torchvision's transforms, image by image, with the random
parameters the .NET side drew, and writes the result for comparison.

torchvision is not packaged for Debian's python3-torch, so its tensor functionals are restated here from
torchvision 0.14 (transforms/functional_tensor.py), the release that goes with PyTorch 1.13:
  resized_crop(img, i, j, h, w, size)  = resize(img[..., i:i+h, j:j+w], size), bilinear, antialias off
  hflip(img)                           = img.flip(-1)
  adjust_brightness(img, f)            = _blend(img, zeros, f)
  adjust_contrast(img, f)              = _blend(img, mean(grey(img)), f), grey = rgb_to_grayscale for 3 channels
  _blend(a, b, f)                      = (f * a + (1 - f) * b).clamp(0, 1)
  normalize(img, mean, std)            = (img - mean) / std
  erase(img, i, j, h, w, v=0)          = img[..., i:i+h, j:j+w] = 0
after ToTensor's img.float().div(255).

Usage: augmentation.py DIR. DIR/manifest.json lists cases {"name", "mean": [...], "std": [...], "draws": [...]},
each draw holding the parameters of one image (crop box, flip, brightness and contrast factors, their order, erased
rectangle). Reads DIR/<name>.images.npy (uint8 [B, C, H, W]) and writes DIR/<name>.py.npy (float32 [B, C, H, W]).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

directory = sys.argv[1]
path = lambda name: os.path.join(directory, name)


def grey(img):
    if img.shape[-3] == 1:
        return img
    r, g, b = img.unbind(dim=-3)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(img.dtype).unsqueeze(dim=-3)


def blend(a, b, f):
    return (f * a + (1.0 - f) * b).clamp(0, 1.0)


def adjust_brightness(img, f):
    return blend(img, torch.zeros_like(img), f)


def adjust_contrast(img, f):
    mean = torch.mean(grey(img), dim=(-3, -2, -1), keepdim=True)
    return blend(img, mean, f)


with open(path("manifest.json")) as file:
    cases = json.load(file)

for case in cases:
    images = torch.from_numpy(np.load(path(f"{case['name']}.images.npy")))
    _, channels, height, width = images.shape
    mean = torch.tensor(case["mean"], dtype=torch.float32).expand(channels)[:, None, None]
    std = torch.tensor(case["std"], dtype=torch.float32).expand(channels)[:, None, None]
    out = []
    for image, d in zip(images, case["draws"]):
        x = image.float().div(255)
        i, j, h, w = d["CropTop"], d["CropLeft"], d["CropHeight"], d["CropWidth"]
        x = F.interpolate(x[None, :, i:i + h, j:j + w], size=[height, width], mode="bilinear", align_corners=False)[0]
        if d["Flip"]:
            x = x.flip(-1)
        if d["ContrastFirst"]:
            x = adjust_brightness(adjust_contrast(x, d["Contrast"]), d["Brightness"])
        else:
            x = adjust_contrast(adjust_brightness(x, d["Brightness"]), d["Contrast"])
        x = (x - mean) / std
        i, j, h, w = d["EraseTop"], d["EraseLeft"], d["EraseHeight"], d["EraseWidth"]
        x[..., i:i + h, j:j + w] = 0
        out.append(x)
    np.save(path(f"{case['name']}.py.npy"), torch.stack(out).numpy())
print(len(cases))
