namespace Schane.Experiments

open System
open Schane.Core.Data

/// <summary>
/// The datasets of a run, split by class: base-class training and test images (relabelled 0…B−1) for fine-tuning
/// and full-dataset accuracy, and novel-class test images (relabelled 0…N−1) for few-shot episodes. Owns its tensors.
/// </summary>
type RunData =
    { /// Base-class training images.
      BaseTrain: ImageDataset
      /// Base-class test images.
      BaseTest: ImageDataset
      /// Novel-class test images.
      NovelTest: ImageDataset
      /// Novel-class training images (all of them: few-shot fine-tuning draws its K per class from here).
      NovelTrain: ImageDataset
      /// The split used.
      Split: ClassSplit }

    interface IDisposable with
        member this.Dispose() =
            this.BaseTrain.Dispose()
            this.BaseTest.Dispose()
            this.NovelTest.Dispose()
            this.NovelTrain.Dispose()

    /// <summary>Loads and splits the data <paramref name="config"/> names, subsampled as it asks.</summary>
    static member Load(config: RunConfig) : RunData =
        let load split images labels =
            if config.Dataset = "npy" then ImageDataset.FromNpy(images, labels)
            else ImageDataset.FashionMnist(split, config.DataRoot)
        use train = load "train" config.TrainImages config.TrainLabels
        use test = load "test" config.TestImages config.TestLabels
        if test.ClassCount <> train.ClassCount || test.Channels <> train.Channels
           || test.Height <> train.Height || test.Width <> train.Width then
            invalidArg "config" $"{test.Source} ({test}) does not match {train.Source} ({train}): same classes and image size expected"
        let split =
            if not (String.IsNullOrWhiteSpace config.Split) then ClassSplit.Parse(config.Split)
            elif config.Dataset = "fashion-mnist" then ClassSplit.FashionMnistDefault
            else
                let half = train.ClassCount / 2
                ClassSplit([| 0 .. half - 1 |], [| half .. train.ClassCount - 1 |])
        let split = split.Validate(train.ClassCount)
        let subsample (perClass: int) seed (data: ImageDataset) =
            if perClass > 0 then
                use whole = data
                whole.Subsample(perClass, seed)
            else data
        let baseTrain = train.WhereClasses(split.Base) |> subsample config.TrainPerClass config.Seed
        try
            let baseTest = test.WhereClasses(split.Base) |> subsample config.TestPerClass 1
            try
                let novelTest = test.WhereClasses(split.Novel) |> subsample config.TestPerClass 2
                try
                    let novelTrain = train.WhereClasses(split.Novel)
                    { BaseTrain = baseTrain; BaseTest = baseTest; NovelTest = novelTest; NovelTrain = novelTrain; Split = split }
                with _ ->
                    novelTest.Dispose()
                    reraise ()
            with _ ->
                baseTest.Dispose()
                reraise ()
        with _ ->
            baseTrain.Dispose()
            reraise ()
