using System.Globalization;

namespace Schane.Core.Data;

/// <summary>
/// Which classes train the encoder (<see cref="Base"/>) and which are held out for few-shot evaluation
/// (<see cref="Novel"/>), as in few-shot benchmarks' base/novel class splits (e.g. miniImageNet's 64/16/20).
/// Written "BASE/NOVEL", each side a comma-separated list of class labels or inclusive ranges: "0-4/5-9",
/// "0,1,2,5,8/3,4,6,7,9", "0-2, 5, 8 / 3-4, 6-7, 9". Classes keep the order written (it is the order of the
/// relabelled classes 0 … k − 1 after <see cref="ImageDataset.WhereClasses"/>). PyTorch has no equivalent: few-shot
/// code (e.g. learn2learn, torchmeta) hard-codes such splits per dataset.
/// </summary>
/// <param name="Base">The classes the model trains on.</param>
/// <param name="Novel">The classes held out for few-shot evaluation (at least 2).</param>
public sealed record ClassSplit(IReadOnlyList<int> Base, IReadOnlyList<int> Novel)
{
    /// <summary>
    /// Fashion-MNIST's split for few-shot evaluation: base {T-shirt/top, Trouser, Pullover, Sandal, Bag}, novel
    /// {Dress, Coat, Shirt, Sneaker, Ankle boot}. Five novel classes allow 5-way episodes. Each novel class has a
    /// related base class (tops for Coat and Shirt, Sandal for Sneaker and Ankle boot, Trouser and tops for Dress),
    /// so features learned on the base classes can transfer, while the novel set keeps Fashion-MNIST's hardest
    /// confusions (Shirt/Coat, Sneaker/Ankle boot) — unlike "0-4/5-9", which puts all tops in base and all footwear
    /// in novel.
    /// </summary>
    public static ClassSplit FashionMnistDefault { get; } = new([0, 1, 2, 5, 8], [3, 4, 6, 7, 9]);

    /// <summary>
    /// Reads "BASE/NOVEL" (see <see cref="ClassSplit"/>); throws <see cref="FormatException"/> naming the faulty part.
    /// Checks only the syntax and repeats within a side; <see cref="Validate"/> checks against a class count.
    /// </summary>
    public static ClassSplit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sides = text.Split('/');
        if (sides.Length != 2)
            throw new FormatException($"class split '{text}': expected BASE/NOVEL with exactly one '/', e.g. \"0-4/5-9\" or \"0,1,2,5,8/3,4,6,7,9\"");
        return new ClassSplit(ParseSide(sides[0], "base", text), ParseSide(sides[1], "novel", text));
    }

    private static int[] ParseSide(string side, string name, string text)
    {
        if (string.IsNullOrWhiteSpace(side)) throw new FormatException($"class split '{text}': the {name} side is empty");
        var classes = new List<int>();
        foreach (var raw in side.Split(','))
        {
            var item = raw.Trim();
            var dash = item.IndexOf('-');
            if (dash > 0)
            {
                var (from, to) = (Number(item[..dash], item, name, text), Number(item[(dash + 1)..], item, name, text));
                if (from > to) throw new FormatException($"class split '{text}': {name} range '{item}' runs backwards (write {to}-{from})");
                for (var c = from; c <= to; c++) classes.Add(c);
            }
            else classes.Add(Number(item, item, name, text));
        }
        var repeated = classes.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new FormatException($"class split '{text}': class {repeated.Key} appears twice on the {name} side");
        return classes.ToArray();
    }

    private static int Number(string token, string item, string side, string text)
    {
        var t = token.Trim();
        if (t.Length == 0 || !int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"class split '{text}': '{item}' on the {side} side is not a class label (a whole number ≥ 0) or a range like 0-4");
        return value;
    }

    /// <summary>
    /// Checks the split against a dataset of <paramref name="classCount"/> classes: every class in 0 … classCount − 1,
    /// no class on both sides or twice on one, a non-empty base side and at least two novel classes (a few-shot
    /// episode discriminates between classes). Returns this split; throws <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public ClassSplit Validate(int classCount)
    {
        if (classCount < 3) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "a base/novel split needs at least 3 classes");
        if (Base is null || Base.Count == 0) throw new ArgumentException($"class split {this}: no base classes", nameof(Base));
        if (Novel is null || Novel.Count < 2)
            throw new ArgumentException($"class split {this}: {Novel?.Count ?? 0} novel class(es); few-shot evaluation needs at least 2", nameof(Novel));
        foreach (var (side, classes) in new[] { ("base", Base), ("novel", Novel) })
        {
            foreach (var c in classes)
                if (c < 0 || c >= classCount)
                    throw new ArgumentException($"class split {this}: {side} class {c} is outside 0–{classCount - 1} ({classCount} classes)", side == "base" ? nameof(Base) : nameof(Novel));
            if (classes.Distinct().Count() != classes.Count)
                throw new ArgumentException($"class split {this}: a {side} class appears twice", side == "base" ? nameof(Base) : nameof(Novel));
        }
        var shared = Base.Intersect(Novel).ToArray();
        if (shared.Length > 0)
            throw new ArgumentException($"class split {this}: class(es) {string.Join(", ", shared)} are both base and novel", nameof(Novel));
        return this;
    }

    /// <summary>The split in <see cref="Parse"/>'s syntax, consecutive runs as ranges: "0-2,5,8/3-4,6-7,9".</summary>
    public override string ToString() => $"{Format(Base)}/{Format(Novel)}";

    private static string Format(IReadOnlyList<int>? classes)
    {
        if (classes is null) return "";
        var parts = new List<string>();
        for (var i = 0; i < classes.Count;)
        {
            var j = i;
            while (j + 1 < classes.Count && classes[j + 1] == classes[j] + 1) j++;
            parts.Add(j == i ? $"{classes[i]}" : $"{classes[i]}-{classes[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    /// <summary>Two splits are equal when both sides hold the same classes in the same order.</summary>
    public bool Equals(ClassSplit? other) =>
        other is not null && (Base ?? []).SequenceEqual(other.Base ?? []) && (Novel ?? []).SequenceEqual(other.Novel ?? []);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in Base ?? []) hash.Add(c);
        hash.Add(-1);
        foreach (var c in Novel ?? []) hash.Add(c);
        return hash.GetHashCode();
    }
}
