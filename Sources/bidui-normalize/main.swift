import BiduiCLI

NormalizeCommand.main()
