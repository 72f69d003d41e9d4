using BiasApp.Cli;
using BiasApp.Cli.Commands.Admin;
using BiasApp.Cli.Commands.Evaluation;

// Evaluation commands (figures from the model, the rules and the explainers on CSV data, and data preparation) and
// admin commands (accounts, API keys and feedback in the app's database), listed apart in the usage text.
var parsed = CommandLine.Parse(args);
try
{
    return parsed.Command switch
    {
        "evaluate" => EvaluateCommand.Run(parsed),
        "rules-evaluate" => RulesEvaluateCommand.Run(parsed),
        "explain-eval" => ExplainEvalCommand.Run(parsed),
        "tokenize" => TokenizeCommand.Run(parsed),
        "hidden-states" => HiddenStatesCommand.Run(parsed),
        "embed" => EmbedCommand.Run(parsed),

        "keys" => KeysCommand.Run(parsed),
        "users" => UsersCommand.Run(parsed),
        "feedback" => FeedbackCommand.Run(parsed),
        _ => CommandLine.Usage(),
    };
}
catch (CliException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
