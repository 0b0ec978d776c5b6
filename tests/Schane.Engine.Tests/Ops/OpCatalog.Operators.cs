namespace Schane.Engine.Tests.Ops;

// C# operators: tensor-tensor, tensor-scalar and scalar-tensor, with PyTorch's type promotion (an integer scalar keeps
// an integer tensor integral, a double scalar makes it float; a scalar never widens a float tensor).
public static partial class OpCatalog
{
    private static IEnumerable<OpDefinition> Operators() =>
    [
        Op("operator +", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            var i = c.Ints([3, 4], -9, 9);
            var j = c.Ints([4], -9, 9, DType.Int32);
            var h = c.Normal([4], DType.Float16);
            var u = c.Ints([4], 0, 200, DType.UInt8);
            var d = c.Normal([4], DType.Float64);
            c.Grad("a + b", () => a + b);
            c.Grad("a + 2.5", () => a + 2.5);
            c.Grad("2.5 + a", () => 2.5 + a);
            c.Grad("a + 2", () => a + 2L);
            c.Value("c + 2", () => i + 2L);
            c.Value("2 + c", () => 2L + i);
            c.Value("c + 2.5", () => i + 2.5);
            c.Value("2.5 + c", () => 2.5 + i);
            c.Value("d + 5", () => j + 5L);
            c.Value("d + c", () => j + i);
            c.Value("e + 1.5", () => h + 1.5);
            c.Value("f + f", () => u + u);
            c.Value("f + d", () => u + j);
            c.Grad("a + g", () => a + d);
            c.Grad("g + torch.tensor(1.5)", () => d + Torch.Scalar(1.5));
            c.Grad("b + torch.tensor(1.5, dtype=torch.float64)", () => b + Torch.Scalar(1.5, DType.Float64));
        }),
        Op("operator -", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 1]);
            var i = c.Ints([3, 4], -9, 9);
            var h = c.Normal([4], DType.Float16);
            c.Grad("a - b", () => a - b);
            c.Grad("a - 2.5", () => a - 2.5);
            c.Grad("2.5 - a", () => 2.5 - a);
            c.Grad("2 - a", () => 2L - a);
            c.Value("c - 2", () => i - 2L);
            c.Value("2 - c", () => 2L - i);
            c.Value("2.5 - c", () => 2.5 - i);
            c.Value("c - 0.5", () => i - 0.5);
            c.Value("1.5 - d", () => 1.5 - h);
        }),
        Op("operator -(unary)", c =>
        {
            var a = c.Normal([3, 4]);
            var i = c.Ints([5], -9, 9);
            c.Grad("-a", () => -a);
            c.Value("-b", () => -i);
        }),
        Op("operator *", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            var i = c.Ints([3, 4], -9, 9);
            c.Grad("a * b", () => a * b);
            c.Grad("a * -1.5", () => a * -1.5);
            c.Grad("-1.5 * a", () => -1.5 * a);
            c.Grad("3 * a", () => 3L * a);
            c.Value("c * 2", () => i * 2L);
            c.Value("2 * c", () => 2L * i);
            c.Value("c * 2.0", () => i * 2.0);
            c.Value("0.5 * c", () => 0.5 * i);
            c.Value("c * c", () => i * i);
            c.Value("c * a", () => i * a);
        }),
        Op("operator /", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Uniform([4], 0.5, 2);
            var i = c.Ints([3, 4], -9, 9);
            var j = c.Ints([4], 1, 5);
            c.Grad("a / b", () => a / b);
            c.Grad("a / 4.0", () => a / 4.0);
            c.Grad("2.0 / b", () => 2.0 / b);
            c.Grad("a / 3", () => a / 3L);
            c.Grad("3 / b", () => 3L / b);
            c.Value("c / 2", () => i / 2L);
            c.Value("c / d", () => i / j);
            c.Value("2 / d", () => 2L / j);
            c.Value("c / 2.5", () => i / 2.5);
            c.Value("2.5 / d", () => 2.5 / j);
        }),
        Op("operator %", c =>
        {
            var a = c.Normal([3, 4], scale: 5);
            var b = c.Uniform([4], 1, 2);
            var i = c.Ints([3, 4], -20, 20);
            var j = c.Ints([4], 1, 6);
            c.Grad("a % b", () => a % b);
            c.Value("a % 3", () => a % 3L);
            c.Value("c % 3", () => i % 3L);
            c.Value("c % -4", () => i % -4L);
            c.Value("c % d", () => i % j);
        }),
        Op("operator &", c =>
        {
            var m = c.Bools([3, 4]);
            var n = c.Bools([4]);
            c.Value("a & b", () => m & n);
        }),
        Op("operator |", c =>
        {
            var m = c.Bools([3, 4]);
            var n = c.Bools([3, 1]);
            c.Value("a | b", () => m | n);
        }),
        Op("operator !", c =>
        {
            var m = c.Bools([3, 4]);
            c.Value("~a", () => !m);
        }),
    ];
}
