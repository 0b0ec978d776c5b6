using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Evaluation;

/// <summary>
/// Few-shot evaluation of frozen features (RFS's meta_test with the logistic-regression classifier): each episode
/// fits <see cref="LogisticRegressionProbe"/> on its support rows and scores it on its query rows.
/// </summary>
public static class FewShot
{
    /// <summary>
    /// Query accuracy of one episode, in [0, 1]: the probe fitted on <c>features[episode.Support]</c> predicts
    /// <c>features[episode.Query]</c> (numpy: <c>mean(clf.fit(xs, ys).predict(xq) == yq)</c>).
    /// </summary>
    /// <param name="features">Features of the whole labelled set [N, d], floating point.</param>
    /// <param name="episode">Rows and labels of the episode; every row index in [0, N), query labels among the support labels.</param>
    /// <param name="probe">The classifier and its settings.</param>
    public static double EpisodeAccuracy(Tensor features, FewShotEpisode episode, LogisticRegressionProbe probe)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return Run(features, [episode], probe, nameof(episode))[0];
    }

    /// <summary>
    /// Query accuracy of every episode, in order. The features are copied to managed doubles once, not per episode.
    /// All episodes are checked before any is fitted.
    /// </summary>
    /// <param name="features">Features of the whole labelled set [N, d], floating point.</param>
    /// <param name="episodes">The episodes; each must pass the checks of <see cref="EpisodeAccuracy"/>.</param>
    /// <param name="probe">The classifier and its settings.</param>
    public static double[] Evaluate(Tensor features, IReadOnlyList<FewShotEpisode> episodes, LogisticRegressionProbe probe)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        return Run(features, episodes, probe, nameof(episodes));
    }

    private static double[] Run(Tensor features, IReadOnlyList<FewShotEpisode> episodes, LogisticRegressionProbe probe, string argument)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(probe);
        if (features.dim() != 2 || !is_floating_point(features.dtype))
            throw new ArgumentException($"features must be floating point [N, d]; got {features}", nameof(features));
        var rows = features.size(0);
        for (var e = 0; e < episodes.Count; e++) Validate(episodes[e], e, rows, argument);

        double[] data;
        using (var scope = NewDisposeScope())
            data = TensorData.ToArray<double>(features);
        var dim = (int)features.size(1);

        var accuracies = new double[episodes.Count];
        for (var e = 0; e < episodes.Count; e++)
        {
            var episode = episodes[e];
            var predictions = probe.Solve(data, episode.Support, episode.SupportLabels, data, episode.Query, dim).Predictions();
            var correct = 0;
            for (var i = 0; i < predictions.Length; i++)
                if (predictions[i] == episode.QueryLabels[i]) correct++;
            accuracies[e] = (double)correct / predictions.Length;
        }
        return accuracies;
    }

    private static void Validate(FewShotEpisode? episode, int number, long rows, string name)
    {
        if (episode is null) throw new ArgumentNullException(name, $"episode {number} is null");
        if (episode.Support is null || episode.SupportLabels is null || episode.Query is null || episode.QueryLabels is null)
            throw new ArgumentException($"episode {number} has a null array", name);
        if (episode.Support.Length != episode.SupportLabels.Length)
            throw new ArgumentException($"episode {number}: {episode.SupportLabels.Length} support labels for {episode.Support.Length} support rows", name);
        if (episode.Query.Length != episode.QueryLabels.Length)
            throw new ArgumentException($"episode {number}: {episode.QueryLabels.Length} query labels for {episode.Query.Length} query rows", name);
        if (episode.Query.Length == 0)
            throw new ArgumentException($"episode {number} has no query rows", name);
        foreach (var (indices, what) in new[] { (episode.Support, "support"), (episode.Query, "query") })
            foreach (var index in indices)
                if (index < 0 || index >= rows)
                    throw new ArgumentException($"episode {number}: {what} row {index} is outside the features' {rows} rows", name);
        var support = new HashSet<long>(episode.Support);
        foreach (var index in episode.Query)
            if (support.Contains(index))
                throw new ArgumentException($"episode {number}: row {index} is both a support and a query row", name);
        var classes = new HashSet<int>(episode.SupportLabels);
        if (classes.Count < 2)
            throw new ArgumentException($"episode {number}: the support rows cover {classes.Count} class(es); the probe needs 2 at least", name);
        foreach (var label in episode.QueryLabels)
            if (!classes.Contains(label))
                throw new ArgumentException($"episode {number}: query label {label} has no support row", name);
    }
}
