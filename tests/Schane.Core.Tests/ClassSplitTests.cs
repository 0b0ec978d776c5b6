using Schane.Core.Data;

namespace Schane.Core.Tests;

public class ClassSplitTests
{
    [Theory]
    [InlineData("0-4/5-9", new[] { 0, 1, 2, 3, 4 }, new[] { 5, 6, 7, 8, 9 })]
    [InlineData("0,1,2,5,8/3,4,6,7,9", new[] { 0, 1, 2, 5, 8 }, new[] { 3, 4, 6, 7, 9 })]
    [InlineData(" 0-2, 5, 8 / 3-4, 6-7, 9 ", new[] { 0, 1, 2, 5, 8 }, new[] { 3, 4, 6, 7, 9 })]
    [InlineData("7,3/2,9,4", new[] { 7, 3 }, new[] { 2, 9, 4 })]
    [InlineData("5-5/1,0", new[] { 5 }, new[] { 1, 0 })]
    public void ParsesListsAndRangesInOrder(string text, int[] expectedBase, int[] expectedNovel)
    {
        var split = ClassSplit.Parse(text);
        Assert.Equal(expectedBase, split.Base);
        Assert.Equal(expectedNovel, split.Novel);
        // ToString writes the same split back in the compact syntax.
        Assert.Equal(split, ClassSplit.Parse(split.ToString()));
    }

    [Fact]
    public void FashionMnistDefaultHasFiveNovelClasses()
    {
        var split = ClassSplit.FashionMnistDefault.Validate(10);
        Assert.Equal("0-2,5,8/3-4,6-7,9", split.ToString());
        Assert.Equal(ClassSplit.Parse("0-2, 5, 8 / 3-4, 6-7, 9"), split);
        Assert.Equal(5, split.Novel.Count);
        Assert.Equal(Enumerable.Range(0, 10), split.Base.Concat(split.Novel).Order());
        Assert.Equal(["Dress", "Coat", "Shirt", "Sneaker", "Ankle boot"], split.Novel.Select(c => FashionMnist.Classes[c]));
    }

    [Theory]
    [InlineData("0-4", "exactly one '/'")]
    [InlineData("0-4/5/6", "exactly one '/'")]
    [InlineData("/5-9", "the base side is empty")]
    [InlineData("0-4/ ", "the novel side is empty")]
    [InlineData("a/5", "'a' on the base side is not a class label")]
    [InlineData("0,,1/5,6", "'' on the base side")]
    [InlineData("0/1.5,2", "'1.5' on the novel side")]
    [InlineData("-1/2,3", "'-1' on the base side")]
    [InlineData("4-0/5,6", "range '4-0' runs backwards")]
    [InlineData("0-2/3-", "'3-' on the novel side")]
    [InlineData("0,1,0/2,3", "class 0 appears twice on the base side")]
    [InlineData("0/2-4,3", "class 3 appears twice on the novel side")]
    public void BadSyntaxIsNamed(string text, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => ClassSplit.Parse(text));
        Assert.Contains(fragment, error.Message);
        Assert.Contains($"'{text}'", error.Message);
    }

    [Theory]
    [InlineData("0-4/5-10", 10, "novel class 10 is outside 0–9")]
    [InlineData("0-5/5-9", 10, "class(es) 5 are both base and novel")]
    [InlineData("0-8/9", 10, "1 novel class(es); few-shot evaluation needs at least 2")]
    [InlineData("0/1,2", 2, "at least 3 classes")]
    public void ValidateChecksAgainstTheClassCount(string text, int classCount, string fragment)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ClassSplit.Parse(text).Validate(classCount));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void ValidateChecksSplitsBuiltInCode()
    {
        Assert.Contains("no base classes", Assert.Throws<ArgumentException>(() => new ClassSplit([], [1, 2]).Validate(5)).Message);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new ClassSplit([0, 0], [1, 2]).Validate(5)).Message);
        Assert.Contains("base class -1", Assert.Throws<ArgumentException>(() => new ClassSplit([-1], [1, 2]).Validate(5)).Message);
        Assert.Same(ClassSplit.FashionMnistDefault, ClassSplit.FashionMnistDefault.Validate(10));
    }
}
