using System.CommandLine;
using Schane.Cli.Commands;

var root = new RootCommand("Schane.Interactive: supervised contrastive fine-tuning with hard negatives (SCHaNe) on TorchSharp.")
{
    TrainCommand.Create(),
    CompareCommand.Create(),
    ExperimentCommand.Create(),
    EvalCommand.Create(),
    InfoCommand.Create(),
    LossCommand.Create(),
    BenchCommand.Create(),
    RunCommand.Create(),
    NotebookCommand.Create(),
    KernelCommand.Create(),
    SetupCommand.Create(),
};
return root.Parse(args).Invoke();
