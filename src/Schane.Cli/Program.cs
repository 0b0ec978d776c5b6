using System.CommandLine;
using Schane.Cli.Commands;

var root = new RootCommand("Schane.Interactive: supervised contrastive fine-tuning with hard negatives (SCHaNe) on TorchSharp.")
{
    TrainCommand.Create(),
    CompareCommand.Create(),
    EvalCommand.Create(),
    InfoCommand.Create(),
    LossCommand.Create(),
    BenchCommand.Create(),
    RunCommand.Create(),
    NotebookCommand.Create(),
    KernelCommand.Create(),
};
return root.Parse(args).Invoke();
