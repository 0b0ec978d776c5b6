using Schane.Core;
using System.CommandLine;
using System.Globalization;
using Schane.Core.Losses;
using System.Runtime.InteropServices;
using Schane.Core.IO;
using TorchSharp;
using Schane.Scripting;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane loss`: evaluates a contrastive loss on saved embeddings and labels (.npy), prints <c>loss=&lt;value&gt;</c>
/// as its last line and writes dL/dE with --grad. Researchers use it to check a new weighting against saved embeddings.
/// </summary>
internal static class LossCommand
{
    private static readonly string[] Names = ["schane", "supcon", "hcl", "ntxent"];

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The loss: schane, supcon, hcl or ntxent.", Required = true };
        name.AcceptOnlyFromAmong(Names);
        var embeddings = new Option<FileInfo>("--embeddings") { Description = "Embeddings .npy: float32/float64 [N, D], or [B, V, D] with V views.", Required = true };
        var labels = new Option<FileInfo>("--labels") { Description = "Labels .npy: int64 [N] (or [B] with views). HCL and NT-Xent ignore them.", Required = true };
        var temperature = new Option<double?>("--temperature") { Description = "τ (default: 0.5; SupCon 0.07)." };
        var beta = new Option<double?>("--beta") { Description = "β of the exponential weighting (schane, hcl; default 1)." };
        var tauPlus = new Option<double?>("--tau-plus") { Description = "τ⁺ debiasing prior (hcl; default 0.1)." };
        var weighting = new Option<FileInfo?>("--weighting") { Description = "A C# script whose final expression is the negative weighting (schane, hcl)." };
        var grad = new Option<FileInfo?>("--grad") { Description = "Write dL/dE here (.npy, the embeddings' dtype and shape)." };
        var command = new Command("loss", "Evaluate a contrastive loss on saved embeddings; print loss=<value> and optionally write the gradient.")
        {
            name, embeddings, labels, temperature, beta, tauPlus, weighting, grad,
        };
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse.GetValue(name)!, parse.GetValue(embeddings)!, parse.GetValue(labels)!, parse.GetValue(temperature),
                    parse.GetValue(beta), parse.GetValue(tauPlus), parse.GetValue(weighting), parse.GetValue(grad));
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or ScriptErrorException or WeightingException or ExternalException)
            {
                Console.Error.WriteLine($"schane loss: {TorchErrors.MessageOf(e)}");
                return 1;
            }
        });
        return command;
    }

    private static int Run(string name, FileInfo embeddingsFile, FileInfo labelsFile, double? temperature, double? beta,
        double? tauPlus, FileInfo? weightingFile, FileInfo? gradFile)
    {
        if (weightingFile != null && beta != null)
            throw new ArgumentException("give either --beta or --weighting, not both");
        if (weightingFile != null && name is "supcon" or "ntxent")
            throw new ArgumentException($"{name} has no negative weighting: --weighting applies to schane and hcl");
        if (tauPlus != null && name != "hcl")
            throw new ArgumentException("--tau-plus applies to hcl only");
        var negativeWeighting = weightingFile != null ? WeightingScript.Load(weightingFile.FullName) : NegativeWeighting.Exponential(beta ?? 1.0);

        ContrastiveLoss loss = name switch
        {
            "schane" => new SCHaNeLoss { Weighting = negativeWeighting },
            "supcon" => new SupConLoss(),
            "hcl" => new HCLLoss { Weighting = negativeWeighting, TauPlus = tauPlus ?? 0.1 },
            _ => new NTXentLoss(),
        };
        if (temperature is { } t) loss = loss with { Temperature = t };

        using var scope = torch.NewDisposeScope();
        var e = Npy.Load(embeddingsFile.FullName);
        // Checked here: libtorch's own refusal to track gradients of integers names no file.
        if (e.dtype is not (torch.ScalarType.Float32 or torch.ScalarType.Float64))
            throw new ArgumentException($"{embeddingsFile.FullName}: embeddings must be float32 or float64, not {e.dtype.ToString().ToLowerInvariant()}");
        e.requires_grad_();
        var y = Npy.Load(labelsFile.FullName);
        var value = loss.Compute(e, y);
        value.backward();
        if (gradFile != null) Npy.Save(e.grad!, gradFile.FullName);
        Console.WriteLine($"loss={value.ToDouble().ToString("R", CultureInfo.InvariantCulture)}");
        return 0;
    }
}
