import BiduiCLI

MatchCommand.main()
