// A curriculum weighting: SCHaNe's exponential weighting whose β grows from 0 (all negatives equal) to 2 (hard
// negatives dominate) over the first 1,000 steps, then stays. Use it with
//   ./schane train --weighting scripts/weightings/curriculum.csx [--watch]
// and edit the ramp while the run goes on.
NegativeWeighting.ExponentialSchedule(step => Math.Min(2.0, 2.0 * step / 1000.0), "curriculum(β: 0→2 over 1000 steps)")
