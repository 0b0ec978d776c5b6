/// Small assertion helpers that read well from F#.
module Schane.Experiments.Tests.Assertions

open System
open Xunit

/// Fails unless |expected − actual| ≤ tolerance.
let near (tolerance: float) (expected: float) (actual: float) =
    if not (Math.Abs(expected - actual) <= tolerance) then
        failwithf "expected %.10g ± %g but got %.10g" expected tolerance actual

/// Fails unless the function throws an exception of type 'T whose message contains every fragment.
let throwsWith<'T when 'T :> exn> (fragments: string list) (f: unit -> unit) =
    let e = Assert.ThrowsAny<'T>(fun () -> f ())
    for fragment in fragments do
        Assert.Contains(fragment, e.Message)
