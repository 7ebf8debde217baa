using OverParam.Cli;

return App.Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
