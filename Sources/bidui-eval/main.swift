import BiduiCLI

EvaluateCommand.main()
