namespace Schane.Core.Data;

/// <summary>
/// A small seeded generator (SplitMix64, Steele et al. 2014) whose stream is a pure function of a key (seed, stream,
/// substream): the data pipeline draws per epoch, per image and per transform from independent streams, so a result
/// depends only on its own key — not on batch composition, thread, call order or libtorch's global generator — and is
/// the same on every .NET version (unlike System.Random's seeded algorithm, which is not specified).
/// </summary>
internal struct CounterRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong state;

    public CounterRandom(long seed, long stream = 0, long substream = 0) =>
        state = Mix((Mix(Mix((ulong)seed + Golden) ^ (ulong)stream) + Golden) ^ (ulong)substream);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(state += Golden);

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high) (torch.empty(1).uniform_(low, high)).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, count) (torch.randint(0, count)); Lemire's multiply, bias below 2⁻³².</summary>
    public long Below(long count) => (long)(((UInt128)NextUInt64() * (ulong)count) >> 64);

    /// <summary>True with probability <paramref name="p"/> (torch.rand(1) &lt; p).</summary>
    public bool Bernoulli(double p) => NextDouble() < p;
}
