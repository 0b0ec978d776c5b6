// Spatial sampling ops (torch.nn.functional.affine_grid / grid_sample): the batched crop, resize and flip behind
// image augmentation. Codes are at::grid_sampler's: mode 0 = bilinear, 1 = nearest, 2 = bicubic;
// padding 0 = zeros, 1 = border, 2 = reflection. The shape checks that torch.nn.functional does in Python are done
// on the managed side; libtorch checks the rest.
#include "shim.h"

// theta [N, 2, 3] (or [N, 3, 4]) → sampling grid [N, H, W, 2] (or [N, D, H, W, 3]) for an output of `size`.
SCH_API TensorHandle sch_affine_grid(TensorHandle theta, const int64_t* size, int ndim, int alignCorners) {
  return SCH_TENSOR(at::affine_grid_generator(*theta, sch_shape(size, ndim), alignCorners != 0));
}

// Samples input [N, C, H, W] (or 5-D) at grid [N, Ho, Wo, 2] (x, y in [-1, 1]) → [N, C, Ho, Wo].
SCH_API TensorHandle sch_grid_sample(TensorHandle input, TensorHandle grid, int mode, int paddingMode, int alignCorners) {
  return SCH_TENSOR(at::grid_sampler(*input, *grid, mode, paddingMode, alignCorners != 0));
}
