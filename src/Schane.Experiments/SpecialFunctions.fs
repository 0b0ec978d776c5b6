/// Log-gamma and the regularized incomplete beta and gamma functions: the pieces the Student-t and normal
/// distributions are built from.
module internal Schane.Experiments.SpecialFunctions

open System

/// ln Γ(x) for x > 0: Stirling's series with Bernoulli terms up to x⁻¹³, after shifting x above 15 with the
/// recurrence Γ(x + 1) = x Γ(x) (the series' truncation error there is below 1e-18).
let lnGamma (x: float) : float =
    let mutable x = x
    let mutable shift = 0.0
    while x < 15.0 do
        shift <- shift + Math.Log x
        x <- x + 1.0
    let r = 1.0 / x
    let r2 = r * r
    let series =
        r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0
            - r2 * (1.0 / 1188.0 - r2 * (691.0 / 360360.0 - r2 / 156.0))))))
    (x - 0.5) * Math.Log x - x + 0.5 * Math.Log(2.0 * Math.PI) + series - shift

let private tiny = 1e-300
let private epsilon = 1e-16
// The continued fractions converge in O(sqrt(max(a, b))) steps; huge degrees of freedom need many.
let private maxIterations = 1_000_000

let private guard (v: float) = if Math.Abs v < tiny then tiny else v

// Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2).
let private betaFraction (a: float) (b: float) (x: float) : float =
    let qab = a + b
    let qap = a + 1.0
    let qam = a - 1.0
    let mutable c = 1.0
    let mutable d = 1.0 / guard (1.0 - qab * x / qap)
    let mutable h = d
    let mutable m = 1
    let mutable fin = false
    while not fin && m <= maxIterations do
        let fm = float m
        let m2 = 2.0 * fm
        let aa = fm * (b - fm) * x / ((qam + m2) * (a + m2))
        d <- 1.0 / guard (1.0 + aa * d)
        c <- guard (1.0 + aa / c)
        h <- h * d * c
        let aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
        d <- 1.0 / guard (1.0 + aa * d)
        c <- guard (1.0 + aa / c)
        let delta = d * c
        h <- h * delta
        fin <- Math.Abs(delta - 1.0) < epsilon
        m <- m + 1
    h

/// I_x(a, b), the regularized incomplete beta function; y = 1 − x is passed separately to keep its precision.
let incompleteBeta (a: float) (b: float) (x: float) (y: float) : float =
    if x <= 0.0 then 0.0
    elif y <= 0.0 then 1.0
    else
        let front = Math.Exp(lnGamma (a + b) - lnGamma a - lnGamma b + a * Math.Log x + b * Math.Log y)
        if x < (a + 1.0) / (a + b + 2.0) then front * betaFraction a b x / a
        else 1.0 - front * betaFraction b a y / b

/// Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function.
let upperIncompleteGamma (a: float) (x: float) : float =
    if x <= 0.0 then 1.0
    elif x < a + 1.0 then
        // Series for P(a, x); Q = 1 − P.
        let mutable ap = a
        let mutable sum = 1.0 / a
        let mutable del = sum
        let mutable n = 0
        while n < maxIterations && Math.Abs del >= Math.Abs sum * epsilon do
            ap <- ap + 1.0
            del <- del * x / ap
            sum <- sum + del
            n <- n + 1
        1.0 - sum * Math.Exp(-x + a * Math.Log x - lnGamma a)
    else
        // Continued fraction for Q(a, x) (modified Lentz).
        let mutable b = x + 1.0 - a
        let mutable c = 1.0 / tiny
        let mutable d = 1.0 / b
        let mutable h = d
        let mutable i = 1
        let mutable fin = false
        while not fin && i <= maxIterations do
            let an = -(float i) * (float i - a)
            b <- b + 2.0
            d <- 1.0 / guard (an * d + b)
            c <- guard (b + an / c)
            let delta = d * c
            h <- h * delta
            fin <- Math.Abs(delta - 1.0) < epsilon
            i <- i + 1
        Math.Exp(-x + a * Math.Log x - lnGamma a) * h
