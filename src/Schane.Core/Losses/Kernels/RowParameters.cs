namespace Schane.Core.Losses.Kernels;

/// <summary>The settings of one kernel call that the row math reads.</summary>
/// <param name="Beta">Exponential weighting: w ∝ e^{βs} over the negatives (0 with log-weights).</param>
/// <param name="TauPlus">HCL's debiasing prior τ⁺.</param>
/// <param name="Scale">SupCon's τ / τ_base (1 for NT-Xent).</param>
/// <param name="Clamp">HCL's floor e^{−1/τ} per negative.</param>
internal readonly record struct RowParameters(double Beta, double TauPlus, double Scale, double Clamp);
