namespace Schane.Core.Losses.Kernels;

/// <summary>Which contrastive loss a row kernel computes (see Schane.Core.Losses.FusedContrastive for the math).</summary>
public enum ContrastiveKind
{
    /// <summary>SCHaNe, positives averaged inside the log.</summary>
    SCHaNeInsideLog = 0,
    /// <summary>SCHaNe, positives averaged outside the log.</summary>
    SCHaNeOutsideLog = 1,
    /// <summary>SupCon's L_out (NT-Xent with instance labels and scale 1).</summary>
    SupCon = 2,
    /// <summary>HCL with debiasing.</summary>
    HCL = 3,
}
