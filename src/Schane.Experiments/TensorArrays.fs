/// Copies tensors into .NET arrays for the statistics, charts and reports, which work on plain arrays.
module internal Schane.Experiments.TensorArrays

open TorchSharp

/// <summary>
/// The elements of <paramref name="tensor"/> in C order as <c>'T</c>, whatever its dtype and device: TorchSharp's
/// <c>data&lt;T&gt;()</c> wants the exact element type, so the tensor is converted (a copy) first.
/// </summary>
let toArray<'T when 'T: unmanaged and 'T: (new: unit -> 'T) and 'T: struct and 'T :> System.ValueType> (dtype: torch.ScalarType) (tensor: torch.Tensor) : 'T[] =
    use scope = torch.NewDisposeScope()
    use noGrad = torch.no_grad()
    let copy = tensor.detach().cpu().to_type(dtype).contiguous()
    copy.data<'T>().ToArray()

/// The elements as float (float64).
let toFloats (tensor: torch.Tensor) : float[] = toArray<float> torch.ScalarType.Float64 tensor

/// The elements as int64.
let toInt64s (tensor: torch.Tensor) : int64[] = toArray<int64> torch.ScalarType.Int64 tensor
